package dev.jwtauthfilter.it;

import java.net.URI;
import java.util.List;

/**
 * One embedded servlet container serving one or more {@link Deployment}s on 127.0.0.1 at a port
 * picked by the OS. Each deployment maps the filter to {@code /*} and its recording servlet to
 * {@code /}. The contract tests talk to it over HTTP only, so the same scenarios run unchanged on
 * every container.
 */
interface ContainerHarness {
    /** Room for the 9000-character token: the filter, not the connector, must be what refuses it. */
    int REQUEST_HEADER_BYTES = 32 * 1024;

    String LOOPBACK = "127.0.0.1";

    /**
     * Deploys the contexts and starts the server.
     *
     * @throws Exception whatever the container throws when it refuses to start
     */
    void start(List<Deployment> deployments) throws Exception;

    /** {@code http://127.0.0.1:port}, without a trailing slash. */
    URI origin();

    /** A ServletContext attribute as the web application sees it. */
    Object contextAttribute(String contextPath, String name);

    void stop() throws Exception;
}

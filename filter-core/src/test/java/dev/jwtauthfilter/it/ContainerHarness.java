package dev.jwtauthfilter.it;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.List;

/**
 * One embedded servlet container serving one or more {@link Deployment}s on 127.0.0.1 at a port
 * picked by the OS. Each deployment maps the filter to {@code /*} and its recording servlet to
 * {@code /}. The contract tests talk to it over HTTP only, so the same scenarios run unchanged on
 * every container.
 */
public interface ContainerHarness {
    /** Room for the 9000-character token: the filter, not the connector, must be what refuses it. */
    int REQUEST_HEADER_BYTES = 32 * 1024;

    String LOOPBACK = "127.0.0.1";

    /**
     * Deploys the contexts and starts the server.
     *
     * @throws Exception whatever the container throws when it refuses to start
     */
    void start(List<Deployment> deployments) throws Exception;

    /** The port the connector bound, once started. */
    int localPort();

    /** The ServletContext of the deployment at this context path, once started. */
    ServletContext servletContext(String contextPath);

    void stop() throws Exception;

    /** {@code http://127.0.0.1:port}, without a trailing slash. */
    default URI origin() {
        return URI.create("http://" + LOOPBACK + ":" + localPort());
    }

    /** A ServletContext attribute as the web application sees it. */
    default Object contextAttribute(String contextPath, String name) {
        return servletContext(contextPath).getAttribute(name);
    }
}

package dev.jwtauthfilter.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletException;

/** The filter's request contract on embedded Jetty 12 (ee10). */
class JettyFilterIT extends JwtAuthFilterContract {
    @Override
    ContainerHarness newContainer() {
        return new JettyHarness();
    }

    /** Jetty refuses to start at all: start() rethrows the filter's exception, and no port is open. */
    @Override
    void assertFailedDeploymentIsNotServed(
            ContainerHarness container, Deployment bad, Exception startFailure, String badParam) {
        ServletException failure = assertInstanceOf(ServletException.class, startFailure);
        String expectedStart = "Invalid JwtAuthFilter configuration: init-param '" + badParam + "' ";
        assertTrue(failure.getMessage().startsWith(expectedStart), failure.getMessage());
        // Jetty opens its connectors only once every handler has started.
        assertTrue(container.origin().getPort() < 0, "Jetty opened " + container.origin());
    }
}

package dev.jwtauthfilter.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The filter's request contract on embedded Tomcat 10.1. */
class TomcatFilterIT extends JwtAuthFilterContract {
    @Override
    ContainerHarness newContainer() {
        return new TomcatHarness();
    }

    /**
     * Tomcat starts, logs the filter's exception and marks the application FAILED, so no request
     * reaches it: 404, as for an application that is not deployed.
     */
    @Override
    void assertFailedDeploymentIsNotServed(
            ContainerHarness container, Deployment bad, Exception startFailure, String badParam) throws Exception {
        Exchange probe = probe(container, bad);

        assertAll(
                () -> assertEquals(null, startFailure, "Tomcat's start failed"),
                () -> assertEquals(404, probe.status()),
                () -> assertFalse(probe.servletRan(), "the servlet ran"));
    }
}

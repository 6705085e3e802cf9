package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.Deployment;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the application: a container (Jetty or Tomcat) serving {@code /app}, the filter
 * registered by class name with init-params exactly as {@code web.xml} would, over real HTTP.
 */
final class Node {
    static final String CONTEXT = "/app";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final ContainerHarness container;
    final Deployment deployment;

    private Node(ContainerHarness container, Deployment deployment) {
        this.container = container;
        this.deployment = deployment;
    }

    /** Starts the container with the standard filter params plus these ones. */
    static Node start(ContainerHarness container, Map<String, String> storeParams) throws Exception {
        Deployment deployment = Deployment.byInitParams(CONTEXT, filterParams(storeParams));
        Node node = new Node(container, deployment);
        try {
            container.start(List.of(deployment));
        } catch (Exception e) {
            container.stop();
            throw e;
        }
        return node;
    }

    static Map<String, String> filterParams(Map<String, String> storeParams) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("audience", TestTokens.AUDIENCE);
        params.put("algorithms", "RS256");
        params.put("publicKey", "classpath:/keys/" + TestKeys.RSA + "-public.pem");
        params.putAll(storeParams);
        return params;
    }

    /** The store the filter created, as a logout servlet would reach it. */
    RevocationStore store() {
        return (RevocationStore) container.contextAttribute(CONTEXT, JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
    }

    int cachedAnswers() {
        return ((SharedRevocationStore) store()).cachedCount();
    }

    HttpResponse<String> get(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(container.origin() + CONTEXT + "/api/orders"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    int status(String token) throws IOException, InterruptedException {
        return get(token).statusCode();
    }

    void stop() throws Exception {
        container.stop();
    }
}

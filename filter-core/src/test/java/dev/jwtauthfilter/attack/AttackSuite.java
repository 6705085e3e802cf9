package dev.jwtauthfilter.attack;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWTCreator;
import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every attack class shares: it runs once on Jetty 12 and once on Tomcat 10.1 (the same
 * {@link AttackTarget} per container for the whole run), sends its requests over real HTTP, and
 * checks each refusal the same strict way ({@link #assertRefused}): the exact status and {@code
 * WWW-Authenticate}, the application's servlet not called, nothing of the token, its claims, its
 * key id, a URL or the implementation in the response, nothing logged at ERROR by anyone, and
 * nothing of the token in the filter's log at any level.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(AttackTarget.Container.class)
@ExtendWith(AttackTargets.class)
abstract class AttackSuite {
    /** Markers of a stack trace or of a library's own message. */
    private static final List<String> IMPLEMENTATION_MARKERS = List.of(
            "Exception",
            "exception",
            "com.auth0",
            "dev.jwtauthfilter",
            "fasterxml",
            "jackson",
            "java.",
            "\tat ",
            "Caused by",
            "doesn't have a valid",
            "The Token",
            "org.eclipse",
            "org.apache");

    private static final Pattern STRING_MEMBER = Pattern.compile(":\\s*\"([^\"]+)\"");

    @Parameter
    AttackTarget.Container container;

    AttackTarget target;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private LogCapture filterLog;
    private LogCapture everyLog;

    @BeforeEach
    void connect(AttackTargets targets) throws Exception {
        target = targets.get(container);
        filterLog = LogCapture.start();
        everyLog = LogCapture.alongside("", Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        filterLog.close();
        everyLog.close();
    }

    // --- the refusals ---------------------------------------------------------------------------

    /** The refusals the filter gives, with their exact status and challenge. */
    enum Refusal {
        /** 401 with {@code error="invalid_token"}. */
        INVALID_TOKEN(401, ", error=\"invalid_token\", error_description=\"The access token is invalid\""),
        /** 400 with {@code error="invalid_request"}: two tokens, an empty one, a bad header. */
        INVALID_REQUEST(400, ", error=\"invalid_request\", error_description=\"The request is malformed\""),
        /** 401 with a bare challenge: no token at all (RFC 6750 §3.1: no error code). */
        NO_TOKEN(401, ""),
        /** 403 without a challenge: a cookie token on an unsafe cross-origin request. */
        CROSS_ORIGIN(403, null);

        final int status;
        private final String challengeSuffix;

        Refusal(int status, String challengeSuffix) {
            this.status = status;
            this.challengeSuffix = challengeSuffix;
        }

        /** The whole {@code WWW-Authenticate} value for an application, or null for none. */
        String challenge(String contextPath) {
            return challengeSuffix == null ? null : "Bearer realm=\"" + contextPath + "\"" + challengeSuffix;
        }
    }

    /**
     * Asserts the refusal in full. {@code token} (may be null) and {@code alsoSecret} are what must
     * not show: the token, each of its segments, its string claim and header values, and anything
     * else the attack put in (a key id, a URL).
     */
    void assertRefused(Exchange e, Refusal expected, String token, String... alsoSecret) {
        List<String> forbidden = forbiddenText(token, alsoSecret);
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(expected.status, e.status(), () -> "status; body: " + e.body()));
        checks.add(() -> assertEquals(
                expected.challenge(e.contextPath()) == null ? List.of() : List.of(expected.challenge(e.contextPath())),
                e.headers().getOrDefault("www-authenticate", List.of()),
                "WWW-Authenticate"));
        checks.add(() -> assertFalse(e.servletRan(), "the application's servlet ran"));
        checks.add(() -> assertShowsNone(e, forbidden));
        checks.add(this::assertNothingLoggedAtError);
        checks.add(() -> assertFilterLogShowsNone(forbiddenOfToken(token, alsoSecret)));
        checks.add(() -> assertOneDecision(e, AuthDecision.Outcome.REFUSED, expected.status, tokenText(token)));
        assertAll(checks);
    }

    /** The servlet ran for this subject: the positive control next to each family's attacks. */
    void assertAccepted(Exchange e, String subject) {
        assertAll(
                () -> assertEquals(200, e.status(), () -> "status; body: " + e.body()),
                () -> assertTrue(e.servletRan(), "the servlet did not run"),
                () -> assertTrue(e.body().contains("remoteUser=" + subject + "\n"), () -> "body: " + e.body()),
                this::assertNothingLoggedAtError,
                () -> assertOneDecision(e, AuthDecision.Outcome.ACCEPTED, 200, List.of()),
                () -> assertEquals(subject, e.decisions().get(0).principal(), "the audited principal"));
    }

    /**
     * The filter reported exactly one decision for the request, with this outcome and status, and the
     * event (fields as an application would log them) carries none of the forbidden text.
     */
    private static void assertOneDecision(
            Exchange e, AuthDecision.Outcome outcome, int status, List<String> forbidden) {
        assertEquals(1, e.decisions().size(), () -> "audit events: " + e.decisions());
        AuthDecision d = e.decisions().get(0);
        assertEquals(outcome, d.outcome(), () -> "audit event: " + d);
        assertEquals(status, d.status(), () -> "audit event: " + d);
        String event = d.toString();
        for (String secret : forbidden) {
            assertFalse(event.contains(secret), () -> "the audit event shows '" + secret + "': " + event);
        }
    }

    void assertNothingLoggedAtError() {
        List<String> severe = new ArrayList<>(filterLog.messagesAtOrAbove(Level.SEVERE));
        severe.addAll(everyLog.messagesAtOrAbove(Level.SEVERE));
        assertEquals(List.of(), severe, "logged at ERROR");
    }

    private void assertFilterLogShowsNone(List<String> forbidden) {
        String logged = filterLog.everything();
        for (String secret : forbidden) {
            assertFalse(logged.contains(secret), () -> "the filter's log shows '" + secret + "':\n" + logged);
        }
    }

    private static void assertShowsNone(Exchange e, List<String> forbidden) {
        String visible = e.body() + "\n" + e.headers();
        for (String secret : forbidden) {
            assertFalse(visible.contains(secret), () -> "the response shows '" + secret + "':\n" + visible);
        }
    }

    private List<String> forbiddenText(String token, String... alsoSecret) {
        List<String> forbidden = new ArrayList<>(IMPLEMENTATION_MARKERS);
        forbidden.addAll(forbiddenOfToken(token, alsoSecret));
        forbidden.add(target.jwksServer().uri().toString());
        forbidden.add("127.0.0.1:" + target.canary().uri("/").getPort());
        return forbidden;
    }

    /** The token and its segments: what no log line or audit event may carry. */
    static List<String> tokenText(String token) {
        List<String> text = new ArrayList<>();
        if (token != null && !token.isEmpty()) {
            text.add(token);
            for (String segment : token.split("\\.")) {
                if (segment.length() >= 8) {
                    text.add(segment);
                }
            }
        }
        return text;
    }

    /** The token, its segments and the string values in its header and payload. */
    static List<String> forbiddenOfToken(String token, String... alsoSecret) {
        List<String> forbidden = new ArrayList<>(Arrays.asList(alsoSecret));
        if (token == null || token.isEmpty()) {
            return forbidden;
        }
        forbidden.add(token);
        String[] segments = token.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].length() >= 8) {
                forbidden.add(segments[i]);
            }
            if (i < 2) {
                forbidden.addAll(stringValues(segments[i]));
            }
        }
        return forbidden;
    }

    private static List<String> stringValues(String segment) {
        List<String> values = new ArrayList<>();
        try {
            Matcher m =
                    STRING_MEMBER.matcher(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
            while (m.find()) {
                // short values ("JWT", "RS256", "user") also occur in fixed texts; only distinctive ones count
                if (m.group(1).length() >= 6) {
                    values.add(m.group(1));
                }
            }
        } catch (IllegalArgumentException notBase64) {
            // nothing decodable: the raw segment is already forbidden
        }
        return values;
    }

    // --- requests -------------------------------------------------------------------------------

    /**
     * A response, whether the application's servlet ran while it was produced, and the audit events
     * the filter reported meanwhile.
     */
    record Exchange(
            String contextPath,
            int status,
            Map<String, List<String>> headers,
            String body,
            boolean servletRan,
            List<AuthDecision> decisions) {
        String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** A request builder for a path of an application, e.g. {@code to(RS256_APP, "/api/orders")}. */
    HttpRequest.Builder to(String contextPath, String path) {
        return HttpRequest.newBuilder(URI.create(target.origin() + contextPath + path))
                .timeout(Duration.ofSeconds(10));
    }

    /** GET {@code /api/orders} with {@code Authorization: Bearer <token>}. */
    Exchange bearer(String contextPath, String token) throws IOException, InterruptedException {
        return send(contextPath, to(contextPath, "/api/orders").GET().header("Authorization", "Bearer " + token));
    }

    Exchange send(String contextPath, HttpRequest.Builder request) throws IOException, InterruptedException {
        int before = target.app(contextPath).servlet().calls();
        int decided = target.audit(contextPath).count();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return new Exchange(
                contextPath,
                response.statusCode(),
                headers,
                response.body(),
                target.app(contextPath).servlet().calls() != before,
                target.audit(contextPath).since(decided));
    }

    /**
     * A request written byte for byte: {@code method}, then the raw {@code target} (the context path
     * is not added), then the header lines as given.
     */
    Exchange raw(String contextPath, String method, String rawTarget, List<String> headerLines, byte[] body)
            throws IOException {
        int before = target.app(contextPath).servlet().calls();
        int decided = target.audit(contextPath).count();
        RawHttp.Response r = RawHttp.send(target.port(), method + " " + rawTarget + " HTTP/1.1", headerLines, body);
        return new Exchange(
                contextPath,
                r.status(),
                r.headers(),
                r.body(),
                target.app(contextPath).servlet().calls() != before,
                target.audit(contextPath).since(decided));
    }

    // --- tokens ---------------------------------------------------------------------------------

    /** The standard valid claims (iss, aud, sub alice, roles [user], jti, iat now, exp in 10 min). */
    static JWTCreator.Builder claims() {
        return TestTokens.valid(Instant.now());
    }

    /** A valid token for {@link AttackTarget#RS256_APP}. */
    static String rs256Token() {
        return claims().sign(TestTokens.rs256());
    }

    /** A valid token for {@link AttackTarget#ES256_APP}. */
    static String es256Token() {
        return claims().sign(TestTokens.es256());
    }

    /** A valid token for {@link AttackTarget#HS256_APP}. */
    static String hs256Token() {
        return claims().sign(TestTokens.hs256());
    }

    /** A standard payload as JSON with extra members, e.g. {@code "exp":null}. */
    static String payload(String extraMembers) {
        return TestTokens.payloadJson(Instant.now(), extraMembers);
    }

    /** A standard payload as JSON with {@code exp} in ten minutes. */
    static String validPayload() {
        return payload("\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond());
    }
}

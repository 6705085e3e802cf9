package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.ES256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.HS256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_APP;
import static dev.jwtauthfilter.attack.AttackTarget.KEY_SOURCE_APP;
import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.audit.AuthDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transport (RFC 6750 §2 and §3, RFC 7235, RFC 9110 §11, R35–R40, R42, O13, O14): where the filter
 * takes a token from and what it makes of everything around it. One token per request: two {@code
 * Authorization} headers, two {@code access_token} cookies, or a header and a cookie are {@code 400
 * invalid_request}, whatever they hold. The scheme is {@code Bearer} in any case followed by at least
 * one space; another scheme, or none, is no token (401 without an error code), {@code Bearer} with
 * nothing after it is {@code invalid_request}, and anything after it that is not exactly one token
 * is {@code invalid_token}. Query strings and form bodies are never read. And no spelling of a
 * protected path, with any method, reaches the application without a token: each raw request
 * target is either refused by the container itself (its servlet not run), refused by the filter,
 * or, after the container's normalisation, a path the configuration excludes ({@code
 * /public/*,*.css,/login}), where the application sees no principal.
 */
class TransportAttacksIT extends AttackSuite {
    private static final String ORDERS = RS256_APP + "/api/orders";
    private static final String BASIC = "Basic dXNlcjpwYXNzd29yZA==";
    private static final List<String> ALL_APPS = List.of(RS256_APP, ES256_APP, HS256_APP, JWKS_APP, KEY_SOURCE_APP);
    private static final List<String> METHODS =
            List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "TRACE", "FOO");

    // --- duplicated headers and cookies ---------------------------------------------------------

    /**
     * RFC 6750 §2: one token per request. A second {@code Authorization} header is a second
     * credential whatever its scheme or value ({@code %1$s} and {@code %2$s} are two valid tokens,
     * {@code ||} separates header lines).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer %1$s || Authorization: Bearer %2$s",
                "Authorization: Bearer %1$s || Authorization: Bearer %1$s",
                "Authorization: Bearer %1$s || Authorization: " + BASIC,
                "Authorization: " + BASIC + " || Authorization: Bearer %1$s",
                "Authorization: Bearer %1$s || Authorization:",
                "Authorization: || Authorization: Bearer %1$s",
                "Authorization: Bearer %1$s || authorization: bearer %2$s"
            })
    void twoAuthorizationHeadersAreAnInvalidRequest(String lines) throws Exception {
        assertTwoTokensGive(Refusal.INVALID_REQUEST, lines);
    }

    /** Two {@code access_token} cookies, in one header or two (the containers merge them). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Cookie: access_token=%1$s; access_token=%2$s",
                "Cookie: access_token=%1$s; access_token=%1$s",
                "Cookie: access_token=%1$s || Cookie: access_token=%2$s",
                "Cookie: access_token=%1$s; access_token=",
                "Cookie: a=1; access_token=%1$s; b=2; access_token=garbage"
            })
    void twoTokenCookiesAreAnInvalidRequest(String lines) throws Exception {
        assertTwoTokensGive(Refusal.INVALID_REQUEST, lines);
    }

    /** RFC 6265 §4.1.1 / §5.4: cookie names are case-sensitive; {@code ACCESS_TOKEN} is another cookie. */
    @Test
    void cookieNamesAreCaseSensitiveSoAnUpperCaseTwinIsNotASecondToken() throws Exception {
        String token = rs256Token();
        String other = rs256Token();

        assertAccepted(get(ORDERS, List.of("Cookie: access_token=" + token + "; ACCESS_TOKEN=garbage")), "alice");
        assertAccepted(get(ORDERS, List.of("Cookie: ACCESS_TOKEN=" + other + "; access_token=" + token)), "alice");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ACCESS_TOKEN", "Access_Token", "access-token", "access_token_", "token", "jwt"})
    void tokenInACookieOfAnotherNameIsNoToken(String name) throws Exception {
        String token = rs256Token();

        assertRefused(get(ORDERS, List.of("Cookie: " + name + "=" + token)), Refusal.NO_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Cookie: access_token=", "Cookie: access_token=; other=1", "Cookie: other=1"})
    void emptyOrAbsentTokenCookieIsNoToken(String line) throws Exception {
        assertRefused(get(ORDERS, List.of(line)), Refusal.NO_TOKEN, null);
    }

    /**
     * RFC 6750 §2: "Clients MUST NOT use more than one method to transmit the token"; §3.1: {@code
     * invalid_request}. Decided before either token is looked at, so a garbage one counts too; an
     * empty {@code Bearer} is an invalid request of its own, cookie or not.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer %1$s || Cookie: access_token=%1$s",
                "Cookie: access_token=%1$s || Authorization: Bearer %2$s",
                "Cookie: access_token=garbage || Authorization: Bearer %1$s",
                "Cookie: access_token=%1$s || Authorization: Bearer garbage",
                "Cookie: access_token=%1$s || Authorization: Bearer"
            })
    void tokenInTheHeaderAndInTheCookieIsAnInvalidRequest(String lines) throws Exception {
        assertTwoTokensGive(Refusal.INVALID_REQUEST, lines);
    }

    @Test
    void basicCredentialsOrAnEmptyCookieNextToTheTokenAreNotASecondToken() throws Exception {
        String token = rs256Token();

        assertAccepted(get(ORDERS, List.of("Cookie: access_token=" + token, "Authorization: " + BASIC)), "alice");
        assertAccepted(get(ORDERS, List.of("Cookie: access_token=", "Authorization: Bearer " + token)), "alice");
    }

    // --- scheme variants ------------------------------------------------------------------------

    /**
     * RFC 7235 §2.1: the scheme is case-insensitive; RFC 6750 §2.1: {@code 1*SP} before the token.
     * Whitespace around the value is not part of it (RFC 9110 §5.5, trimmed by the containers).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer %s",
                "Authorization: bearer %s",
                "Authorization: BEARER %s",
                "Authorization: bEaReR %s",
                "Authorization: Bearer  %s",
                "Authorization: Bearer     %s",
                // lenient but harmless: after the first space the resolver strips all whitespace, tab included
                "Authorization: Bearer \t%s",
                "Authorization:     Bearer %s",
                "Authorization:\tBearer %s\t",
                "Authorization: Bearer %s   ",
                "authorization: Bearer %s",
                "AUTHORIZATION: Bearer %s"
            })
    void bearerSchemeInAnyCaseWithSpacesAroundTheTokenIsAccepted(String line) throws Exception {
        assertAccepted(get(ORDERS, List.of(String.format(line, rs256Token()))), "alice");
    }

    /** Another scheme, or none, is no bearer token: 401 without an error code (RFC 6750 §3.1, R39). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer\t%s",
                "Authorization: Bearer:%s",
                "Authorization: Bearer: %s",
                "Authorization: Bearer,%s",
                "Authorization: Bearer=%s",
                "Authorization: Bearers %s",
                "Authorization: XBearer %s",
                "Authorization: Basic %s",
                "Authorization: Token %s",
                "Authorization: JWT %s",
                "Authorization: OAuth %s",
                "Authorization: %s",
                "Authorization:",
                "Proxy-Authorization: Bearer %s",
                "X-Authorization: Bearer %s",
                "X-Access-Token: %s",
                "Access-Token: %s"
            })
    void tokenUnderAnotherSchemeOrHeaderIsNoToken(String line) throws Exception {
        String token = rs256Token();

        assertRefused(get(ORDERS, List.of(String.format(line, token))), Refusal.NO_TOKEN, token);
    }

    /** {@code Bearer} with nothing after it (RFC 6750 §3.1: a malformed request). */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer",
                "Authorization: Bearer ",
                "Authorization: Bearer      ",
                "Authorization: Bearer\t",
                "Authorization: bearer",
                "Authorization: BEARER "
            })
    void emptyBearerIsAnInvalidRequest(String line) throws Exception {
        assertRefused(get(ORDERS, List.of(line)), Refusal.INVALID_REQUEST, null);
    }

    /**
     * What follows {@code Bearer} is one {@code b64token}, which has no comma or space: a list or a
     * second token makes it one malformed token ({@code invalid_token}), never the first token alone.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Authorization: Bearer %1$s, Bearer %2$s",
                "Authorization: Bearer %1$s,Bearer %2$s",
                "Authorization: Bearer %1$s, " + BASIC,
                "Authorization: Bearer %1$s %2$s",
                "Authorization: Bearer %1$s,%2$s",
                "Authorization: Bearer %1$s Bearer %2$s",
                "Authorization: Bearer Bearer %1$s"
            })
    void listOrSecondTokenAfterTheSchemeIsAnInvalidToken(String line) throws Exception {
        assertTwoTokensGive(Refusal.INVALID_TOKEN, line);
    }

    static Stream<String> malformedHeaderLines() {
        return Stream.of(
                "Authorization : Bearer %s",
                "Authorization: Bearer %s\u000b", "Authorization: Bearer \u0000%s", "Cookie: access_token=%s\u0001");
    }

    /**
     * Header syntax the containers refuse themselves (RFC 9112 §5.1: no space before the colon;
     * RFC 9110 §5.5: no control characters), with 400 and the filter never asked. Whether their
     * error page shows the token is the finding below: Jetty's does not, Tomcat's by default does.
     */
    @ParameterizedTest(name = "[{index}]")
    @MethodSource("malformedHeaderLines")
    void malformedHeaderLinesAreRefusedByTheContainerBeforeTheFilter(String line) throws Exception {
        String token = rs256Token();

        Exchange e = get(ORDERS, List.of(String.format(line, token)));

        assertAll(
                () -> assertEquals(400, e.status(), "status"),
                () -> assertFalse(e.servletRan(), "an application's servlet ran"),
                () -> assertNull(e.header("WWW-Authenticate"), "the filter answered"),
                this::assertNothingLoggedAtError);
        if (container == AttackTarget.Container.JETTY) {
            assertRefusedByTheContainer(e, 400, token);
        }
    }

    /**
     * A malformed header line is refused by the container before the filter runs, and its error page
     * must not quote the token. Tomcat's default {@code ErrorReportValve} does quote the whole line
     * (bearer token or {@code access_token} cookie included) with a stack trace and the server
     * version; the filter cannot help, so README tells Tomcat users to set {@code <Valve
     * className="org.apache.catalina.valves.ErrorReportValve" showReport="false"
     * showServerInfo="false"/>}, and the Tomcat under attack here is configured so
     * ({@link dev.jwtauthfilter.it.TomcatHarness#quietErrorPages()}). Jetty's 400 page shows nothing of
     * the request by default.
     */
    @ParameterizedTest(name = "[{index}]")
    @MethodSource("malformedHeaderLines")
    void containerErrorPageForAMalformedHeaderLineShowsNoneOfTheToken(String line) throws Exception {
        String token = rs256Token();

        Exchange e = get(ORDERS, List.of(String.format(line, token)));

        assertRefusedByTheContainer(e, 400, token);
        assertFalse(e.body().contains("Exception"), "a stack trace");
    }

    // --- query string and form body -------------------------------------------------------------

    static Stream<String> parameterNames() {
        return Stream.of("access_token", "token", "jwt", "id_token", "bearer", "Authorization", "ACCESS_TOKEN");
    }

    /** RFC 6750 §2.3 is not offered (R37, O14): a token in the URI is never read. */
    @ParameterizedTest(name = "?{0}=")
    @MethodSource("parameterNames")
    void tokenInTheQueryStringIsIgnored(String name) throws Exception {
        String token = rs256Token();

        Exchange e = send(
                RS256_APP, to(RS256_APP, "/api/orders?" + name + "=" + token).GET());

        assertRefused(e, Refusal.NO_TOKEN, token);
    }

    /** RFC 6750 §2.2 is not offered either: a form body is never read, for any method. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("parameterNames")
    void tokenInAFormBodyIsIgnored(String name) throws Exception {
        String token = rs256Token();
        byte[] body = (name + "=" + token).getBytes(StandardCharsets.US_ASCII);

        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Exchange e = raw(
                    RS256_APP,
                    method,
                    ORDERS,
                    List.of("Content-Type: application/x-www-form-urlencoded", "Origin: " + target.origin()),
                    body);

            assertRefused(e, Refusal.NO_TOKEN, token);
        }
    }

    @Test
    void tokenInTheQueryStringNextToABearerTokenIsNeitherReadNorASecondToken() throws Exception {
        // the query is not a token source at all, so the header's token is the only one
        Exchange e = send(
                RS256_APP,
                to(RS256_APP, "/api/orders?access_token=garbage")
                        .GET()
                        .header("Authorization", "Bearer " + rs256Token()));

        assertAccepted(e, "alice");
    }

    // --- path and method variants ---------------------------------------------------------------

    /**
     * What a container makes of a raw request target: refuses it itself, or maps it into an
     * application ({@code app}) at a context-relative path ({@code path}) that is protected or excluded.
     */
    record Outcome(int containerStatus, String app, String path) {
        static Outcome refused(int status) {
            return new Outcome(status, null, null);
        }

        static Outcome at(String app, String path) {
            return new Outcome(0, app, path);
        }

        static Outcome at(String path) {
            return at(RS256_APP, path);
        }

        boolean refusedByContainer() {
            return containerStatus != 0;
        }

        @Override
        public String toString() {
            return refusedByContainer() ? "container " + containerStatus : app + " " + path;
        }
    }

    /** A raw request target and what each container makes of it (observed, and explained in comments). */
    record PathCase(String rawTarget, Outcome jetty, Outcome tomcat) {
        static PathCase both(String rawTarget, Outcome outcome) {
            return new PathCase(rawTarget, outcome, outcome);
        }

        @Override
        public String toString() {
            return rawTarget;
        }
    }

    /**
     * Jetty 12 refuses ambiguous targets (empty segments, encoded dots or slashes, {@code ..;})
     * with 400 (UriCompliance DEFAULT); Tomcat 10.1 decodes and normalises them (its URL
     * normalisation and path-parameter removal), so the same target reaches the filter as a plain
     * protected path. Both refuse {@code %2f}, {@code %00}, backslashes, {@code #} in the target, and
     * unknown contexts.
     */
    static Stream<PathCase> pathCases() {
        Outcome orders = Outcome.at("/api/orders");
        Outcome ambiguous = Outcome.refused(400);
        return Stream.of(
                PathCase.both(ORDERS, orders),
                PathCase.both(ORDERS + "/", Outcome.at("/api/orders/")),
                PathCase.both(ORDERS + "?.css", orders),
                // path parameters are removed from each segment before mapping (Servlet 6 §3.5.2)
                PathCase.both(ORDERS + ";jsessionid=1", orders),
                PathCase.both(ORDERS + ";.css", orders),
                PathCase.both(RS256_APP + ";x=1/api/orders", orders),
                PathCase.both(RS256_APP + "/public;/../api/orders", orders),
                // an encoded ';' is data, not a parameter: the path is "orders;.css", another resource
                PathCase.both(ORDERS + "%3b.css", Outcome.at("/api/orders;.css")),
                PathCase.both(ORDERS + "%3B.css", Outcome.at("/api/orders;.css")),
                // the documented *.css exclusion: other resources whose names end in .css
                PathCase.both(ORDERS + ".css", Outcome.at("/api/orders.css")),
                PathCase.both(ORDERS + "%2ecss", Outcome.at("/api/orders.css")),
                PathCase.both(ORDERS + "%20.css", Outcome.at("/api/orders .css")),
                PathCase.both(ORDERS + "/.css", Outcome.at("/api/orders/.css")),
                PathCase.both(ORDERS + ";a=b/x.css", Outcome.at("/api/orders/x.css")),
                // dot segments
                PathCase.both(RS256_APP + "/./api/orders", orders),
                PathCase.both(RS256_APP + "/public/../api/orders", orders),
                PathCase.both(RS256_APP + "/login/../api/orders", orders),
                PathCase.both(RS256_APP + "/x.css/../api/orders", orders),
                PathCase.both(RS256_APP + "/public/x/../../api/orders", orders),
                PathCase.both(ES256_APP + "/../app/api/orders", orders),
                PathCase.both(RS256_APP + "/../es/api/orders", Outcome.at(ES256_APP, "/api/orders")),
                // ambiguous for Jetty, normalised by Tomcat
                new PathCase("/" + ORDERS, ambiguous, orders),
                new PathCase(RS256_APP + "//api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/public/%2e%2e/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/public/%2E%2E/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/public/..;/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/public/..;x=1/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/%2e/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/.;/api/orders", ambiguous, orders),
                new PathCase(RS256_APP + "/%2e%2e/app/api/orders", ambiguous, orders),
                new PathCase(ORDERS + "%252e", ambiguous, Outcome.at("/api/orders%2e")),
                new PathCase(ORDERS + "/..;/x.css", ambiguous, Outcome.at("/api/x.css")),
                // refused by both
                PathCase.both(RS256_APP + "/public/%2e%2e%2fapi/orders", Outcome.refused(400)),
                PathCase.both(RS256_APP + "/public%2f..%2fapi/orders", Outcome.refused(400)),
                PathCase.both(RS256_APP + "/api%2forders", Outcome.refused(400)),
                PathCase.both(ORDERS + "%2F.css", Outcome.refused(400)),
                PathCase.both(ORDERS + "%00.css", Outcome.refused(400)),
                PathCase.both(ORDERS + "\\.css", Outcome.refused(400)),
                PathCase.both(RS256_APP + "/public\\..\\api/orders", Outcome.refused(400)),
                PathCase.both(ORDERS + "#.css", Outcome.refused(400)),
                PathCase.both("/APP/api/orders", Outcome.refused(404)),
                PathCase.both("/App/api/orders", Outcome.refused(404)),
                // exclusions are case-sensitive, as servlet mappings are
                PathCase.both(RS256_APP + "/PUBLIC/x", Outcome.at("/PUBLIC/x")),
                PathCase.both(ORDERS + ".CSS", Outcome.at("/api/orders.CSS")),
                PathCase.both(RS256_APP + "/Login", Outcome.at("/Login")),
                PathCase.both(RS256_APP + "/loginx", Outcome.at("/loginx")),
                PathCase.both(RS256_APP + "/publicx", Outcome.at("/publicx")),
                // excluded pages themselves
                PathCase.both(RS256_APP + "/login", Outcome.at("/login")),
                PathCase.both(RS256_APP + "/login;x=1", Outcome.at("/login")),
                PathCase.both(RS256_APP + "/public/x", Outcome.at("/public/x")),
                PathCase.both(RS256_APP + "/public", Outcome.at("/public")));
    }

    /**
     * For every target and every method: the container refuses it (no servlet of any application
     * runs), or the filter refuses it (401, no servlet runs) and the same request with a token is
     * served, or the normalised path is excluded and the servlet runs without a principal. The
     * servlet never runs unauthenticated on a protected path.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pathCases")
    void pathVariantsWithAnyMethodNeverReachTheApplicationUnauthenticated(PathCase pathCase) {
        Outcome outcome = container == AttackTarget.Container.JETTY ? pathCase.jetty() : pathCase.tomcat();
        List<Executable> checks = new ArrayList<>();
        for (String method : METHODS) {
            checks.add(() -> assertProtectedOrExcluded(method, pathCase.rawTarget(), outcome));
        }
        assertAll(checks);
    }

    /** {@code OPTIONS *} is about the server: the container answers it, no application sees it. */
    @Test
    void optionsAsteriskIsAnsweredByTheContainerWithoutAnyApplication() throws Exception {
        Exchange e = rawAnywhere(null, "OPTIONS", "*", List.of());

        // Jetty: 404 (no context serves "*"); Tomcat: 200 with an Allow header, from the connector.
        assertEquals(container == AttackTarget.Container.JETTY ? 404 : 200, e.status());
        assertFalse(e.servletRan(), "an application's servlet ran");
        assertNull(e.header("WWW-Authenticate"));
    }

    /** RFC 9112 §3.2.2: the absolute form names the same resource; its authority must be the Host. */
    @Test
    void absoluteFormRequestTargetIsProtectedLikeTheOriginForm() throws Exception {
        String absolute = "http://127.0.0.1:" + target.port() + ORDERS;

        assertProtectedOrExcluded("GET", absolute, Outcome.at("/api/orders"));
        // another authority than the Host header: both containers refuse it
        assertProtectedOrExcluded("GET", "http://evil.example" + ORDERS, Outcome.refused(400));
    }

    // --- helpers --------------------------------------------------------------------------------

    private void assertProtectedOrExcluded(String method, String rawTarget, Outcome outcome) throws IOException {
        String what = method + " " + rawTarget + " on " + container + ": ";
        if (container == AttackTarget.Container.TOMCAT && method.equals("TRACE") && !outcome.refusedByContainer()) {
            // Tomcat's connector refuses TRACE (allowTrace=false) with 405 before any filter
            outcome = Outcome.refused(405);
        }
        if (outcome.refusedByContainer()) {
            String token = rs256Token();
            Exchange without = rawAnywhere(null, method, rawTarget, List.of());
            Exchange with = rawAnywhere(null, method, rawTarget, List.of("Authorization: Bearer " + token));
            assertRefusedByTheContainer(without, outcome.containerStatus(), null, what + "no token: ");
            assertRefusedByTheContainer(with, outcome.containerStatus(), token, what + "with a token: ");
        } else if (excludedByTheConfiguration(outcome.path())) {
            Exchange e = rawAnywhere(outcome.app(), method, rawTarget, List.of());
            assertAll(
                    what,
                    () -> assertEquals(200, e.status(), what + "status"),
                    () -> assertTrue(e.servletRan(), what + "the servlet of the excluded path did not run"),
                    () -> assertTrue(
                            method.equals("HEAD") || e.body().startsWith("remoteUser=null\n"),
                            () -> what + "the excluded path ran with a principal: " + e.body()),
                    this::assertNothingLoggedAtError);
        } else {
            Exchange without = rawAnywhere(outcome.app(), method, rawTarget, List.of());
            assertRefused(without, Refusal.NO_TOKEN, null);
            // the control: the very same request with a token is served, so the 401 guarded this resource
            String subject = "alice";
            Exchange with = rawAnywhere(
                    outcome.app(), method, rawTarget, List.of("Authorization: Bearer " + tokenFor(outcome.app())));
            if (method.equals("HEAD")) {
                assertAll(
                        () -> assertEquals(200, with.status(), what + "HEAD with a token"),
                        () -> assertTrue(with.servletRan(), what + "HEAD with a token: servlet did not run"));
            } else {
                assertAccepted(with, subject);
            }
        }
    }

    /**
     * The configured exclusions ({@code /public/*,*.css,/login}) as the README defines them, written
     * out here rather than taken from the filter, so a table row claiming a protected path is
     * excluded fails.
     */
    private static boolean excludedByTheConfiguration(String path) {
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        return path.equals("/public")
                || path.startsWith("/public/")
                || lastSegment.endsWith(".css")
                || path.equals("/login");
    }

    private static String tokenFor(String app) {
        return app.equals(ES256_APP) ? es256Token() : rs256Token();
    }

    /** Fills two fresh tokens into the header lines ({@code ||} between lines), sends them, checks the refusal. */
    private void assertTwoTokensGive(Refusal refusal, String lines) throws IOException {
        String first = rs256Token();
        String second = rs256Token();

        Exchange e = get(ORDERS, List.of(String.format(lines, first, second).split(" \\|\\| ")));

        assertRefused(e, refusal, first, second);
    }

    /** GET with these header lines, byte for byte. */
    private Exchange get(String rawTarget, List<String> headerLines) throws IOException {
        return rawAnywhere(RS256_APP, "GET", rawTarget, headerLines);
    }

    /**
     * A raw request whose {@code servletRan} is true if the servlet of any application ran, so a
     * target that lands in another context than intended cannot hide a bypass.
     */
    private Exchange rawAnywhere(String app, String method, String rawTarget, List<String> headerLines)
            throws IOException {
        int before = servletCalls();
        int decided = app == null ? 0 : target.audit(app).count();
        RawHttp.Response r = RawHttp.send(target.port(), method + " " + rawTarget + " HTTP/1.1", headerLines, null);
        List<AuthDecision> decisions =
                app == null ? List.of() : target.audit(app).since(decided);
        return new Exchange(app, r.status(), r.headers(), r.body(), servletCalls() != before, decisions);
    }

    private int servletCalls() {
        int calls = 0;
        for (String app : ALL_APPS) {
            calls += target.app(app).servlet().calls();
        }
        return calls;
    }

    /** Refused by the container before the filter: the status, no challenge, no servlet, nothing shown. */
    private void assertRefusedByTheContainer(Exchange e, int status, String token, String what) {
        String visible = e.body() + "\n" + e.headers();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(status, e.status(), what + "status"));
        checks.add(() -> assertFalse(e.servletRan(), what + "an application's servlet ran"));
        checks.add(() -> assertNull(e.header("WWW-Authenticate"), what + "the filter answered"));
        checks.add(this::assertNothingLoggedAtError);
        checks.add(() -> assertNull(
                TokenFragments.firstShown(visible, token), what + "the response shows this piece of the token"));
        assertAll(checks);
    }

    private void assertRefusedByTheContainer(Exchange e, int status, String token) {
        assertRefusedByTheContainer(e, status, token, "");
    }
}

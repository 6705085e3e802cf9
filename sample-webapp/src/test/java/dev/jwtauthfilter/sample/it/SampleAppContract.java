package dev.jwtauthfilter.sample.it;

import static dev.jwtauthfilter.sample.it.SampleClient.FOREIGN_ORIGIN;
import static dev.jwtauthfilter.sample.it.SampleClient.FORM;
import static dev.jwtauthfilter.sample.it.SampleClient.JSON;
import static dev.jwtauthfilter.sample.it.SampleClient.describe;
import static dev.jwtauthfilter.sample.it.SampleClient.json;
import static dev.jwtauthfilter.sample.it.SampleClient.jsonBody;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample app's HTTP contract (see the sample's README and issue 3), checked over real HTTP
 * against the unchanged WAR deployed in a real container. Subclasses supply the base URL; every
 * path is resolved against it.
 *
 * <p>Tokens are read with java-jwt and JWKS keys rebuilt from their coordinates here, never through
 * the app's own code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleAppContract {
    static final String ISSUER = "urn:jwt-auth-filter:sample";
    static final String AUDIENCE = "sample-webapp";
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-password";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password";
    static final String GENERIC_LOGIN_FAILURE = "Invalid username or password";

    private SampleClient client;

    /** The base URL of the deployed sample, without a trailing slash, e.g. {@code http://127.0.0.1:8080}. */
    protected abstract String baseUrl();

    /**
     * Where the deployment's {@code /api/*} filter gets its keys, as the admin page says: the in-process
     * key ring, or (the multi-service setup) the JWKS client fetching this app's own JWKS over HTTP.
     */
    protected abstract boolean apiKeysFromJwksOverHttp();

    /** Reads a base URL that the build passes to failsafe as a system property. */
    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name
                    + " is not set: run through `mvn verify`, which starts the container and sets it");
        }
        return value;
    }

    @BeforeAll
    void connect() {
        client = new SampleClient(baseUrl());
        client.awaitDeployed(Duration.ofSeconds(60));
    }

    // ---- login -------------------------------------------------------------------------------

    @Test
    void loginWithValidCredentialsRedirectsWith303ToTheAppPage() {
        HttpResponse<String> response = client.submitLogin(ALICE, ALICE_PASSWORD);

        assertEquals(303, response.statusCode(), () -> describe(response));
        assertEquals(client.contextPath() + "/app", locationPath(response));
        String location = response.headers().firstValue("Location").orElseThrow();
        assertFalse(
                location.contains(SetCookie.of(response, "access_token").value()), "the token never appears in a URL");
    }

    @Test
    void loginSetsAccessTokenCookieHttpOnlySecureStrictOnRootPathExpiringNoLaterThanTheToken() {
        HttpResponse<String> response = client.submitLogin(ALICE, ALICE_PASSWORD);
        SetCookie cookie = SetCookie.of(response, "access_token");
        DecodedJWT token = JWT.decode(cookie.value());
        long lifetime = token.getExpiresAtAsInstant().getEpochSecond()
                - token.getIssuedAtAsInstant().getEpochSecond();

        assertAll(
                () -> assertTrue(cookie.hasFlag("HttpOnly"), "HttpOnly"),
                () -> assertTrue(cookie.hasFlag("Secure"), "Secure"),
                () -> assertEquals(Optional.of("Strict"), cookie.attribute("SameSite")),
                () -> assertEquals(Optional.of(cookiePath("/")), cookie.attribute("Path")),
                () -> assertTrue(cookie.maxAge() > 0, "Max-Age > 0, was " + cookie.maxAge()),
                () -> assertTrue(
                        cookie.maxAge() <= lifetime,
                        "Max-Age " + cookie.maxAge() + " must not exceed the token lifetime " + lifetime));
    }

    @Test
    void loginSetsRefreshTokenCookieHttpOnlySecureStrictScopedToTheRefreshPath() {
        HttpResponse<String> response = client.submitLogin(ALICE, ALICE_PASSWORD);
        SetCookie cookie = SetCookie.of(response, "refresh_token");

        assertAll(
                () -> assertFalse(cookie.value().isBlank(), "refresh token value"),
                () -> assertNotEquals(
                        SetCookie.of(response, "access_token").value(),
                        cookie.value(),
                        "distinct from the access token"),
                () -> assertTrue(cookie.hasFlag("HttpOnly"), "HttpOnly"),
                () -> assertTrue(cookie.hasFlag("Secure"), "Secure"),
                () -> assertEquals(Optional.of("Strict"), cookie.attribute("SameSite")),
                () -> assertEquals(Optional.of(cookiePath("/auth/refresh")), cookie.attribute("Path")),
                () -> assertTrue(cookie.maxAge() > 0, "Max-Age > 0, was " + cookie.maxAge()));
    }

    @Test
    void loginIssuesEs256TokenWithIssuerAudienceSubjectTimesRandomIdAndRoles() {
        SampleClient.Login first = client.login(ALICE, ALICE_PASSWORD);
        SampleClient.Login second = client.login(ALICE, ALICE_PASSWORD);
        DecodedJWT token = JWT.decode(first.accessToken());
        Instant now = Instant.now();

        assertAll(
                () -> assertEquals("ES256", token.getAlgorithm()),
                () -> assertFalse(token.getKeyId() == null || token.getKeyId().isBlank(), "kid"),
                () -> assertEquals(ISSUER, token.getIssuer()),
                () -> assertEquals(List.of(AUDIENCE), token.getAudience()),
                () -> assertEquals(ALICE, token.getSubject()),
                () -> assertTrue(
                        Duration.between(token.getIssuedAtAsInstant(), now)
                                        .abs()
                                        .getSeconds()
                                < 120,
                        "iat is now: " + token.getIssuedAtAsInstant()),
                () -> assertTrue(
                        token.getExpiresAtAsInstant().isAfter(token.getIssuedAtAsInstant()),
                        "exp after iat: " + token.getExpiresAtAsInstant()),
                () -> assertFalse(token.getId() == null || token.getId().isBlank(), "jti"),
                () -> assertNotEquals(
                        token.getId(), JWT.decode(second.accessToken()).getId(), "jti differs per login"),
                () -> assertEquals(List.of("user"), token.getClaim("roles").asList(String.class)));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401WithoutAnyCookie() {
        HttpResponse<String> wrongPassword = client.submitLogin(ALICE, "not-" + ALICE_PASSWORD);
        HttpResponse<String> unknownUser = client.submitLogin("mallory", ALICE_PASSWORD);

        assertAll(
                () -> assertEquals(401, wrongPassword.statusCode(), () -> describe(wrongPassword)),
                () -> assertEquals(401, unknownUser.statusCode(), () -> describe(unknownUser)),
                () -> assertTrue(wrongPassword.body().contains(GENERIC_LOGIN_FAILURE), () -> describe(wrongPassword)),
                () -> assertEquals(wrongPassword.body(), unknownUser.body(), "same body for both failures"),
                () -> assertEquals(List.of(), wrongPassword.headers().allValues("Set-Cookie")),
                () -> assertEquals(List.of(), unknownUser.headers().allValues("Set-Cookie")));
    }

    @Test
    void loginFormPostedFromAForeignOriginIsRefusedWith403() {
        HttpResponse<String> response = client.post(
                "/login",
                FORM,
                SampleClient.form(Map.of("username", ALICE, "password", ALICE_PASSWORD)),
                "Origin",
                FOREIGN_ORIGIN);

        assertEquals(403, response.statusCode(), () -> describe(response));
        assertEquals(List.of(), response.headers().allValues("Set-Cookie"));
    }

    // ---- who am I --------------------------------------------------------------------------

    @Test
    void meWithTheLoginCookieReturnsSubjectRolesAndExpiryOfTheToken() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        assertMe(client.meWithCookie(login.accessToken()), login.accessToken(), ALICE, List.of("user"));
    }

    @Test
    void meWithBearerTokenFromJsonTokenRequestReturnsSubjectRolesAndExpiry() {
        String token = client.apiToken(ADMIN, ADMIN_PASSWORD);

        assertMe(client.meWithBearer(token), token, ADMIN, List.of("admin", "user"));
    }

    @Test
    void meWithBearerTokenFromFormTokenRequestReturnsSubjectRolesAndExpiry() {
        HttpResponse<String> response = client.post(
                "/api/token",
                FORM,
                SampleClient.form(Map.of("username", ALICE, "password", ALICE_PASSWORD)),
                "Accept",
                JSON);
        assertEquals(200, response.statusCode(), () -> describe(response));
        String token = json(response).path("access_token").asText();

        assertMe(client.meWithBearer(token), token, ALICE, List.of("user"));
    }

    @Test
    void tokenEndpointAnswersBearerTypeLifetimeAndNoStore() {
        HttpResponse<String> response = client.post(
                "/api/token", JSON, "{\"username\":\"alice\",\"password\":\"alice-password\"}", "Accept", JSON);
        JsonNode body = json(response);
        DecodedJWT token = JWT.decode(body.path("access_token").asText());

        assertAll(
                () -> assertEquals(200, response.statusCode(), () -> describe(response)),
                () -> assertEquals("Bearer", body.path("token_type").asText()),
                () -> assertEquals(
                        token.getExpiresAtAsInstant().getEpochSecond()
                                - token.getIssuedAtAsInstant().getEpochSecond(),
                        body.path("expires_in").asLong()),
                () -> assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control")));
    }

    @Test
    void tokenEndpointRefusesBadCredentialsWith401InvalidGrant() {
        HttpResponse<String> response =
                client.post("/api/token", JSON, "{\"username\":\"alice\",\"password\":\"wrong\"}", "Accept", JSON);

        assertEquals(401, response.statusCode(), () -> describe(response));
        assertEquals("invalid_grant", json(response).path("error").asText());
    }

    @Test
    void appPageShowsTheSignedInUserName() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> page = client.get("/app", "Cookie", login.accessCookie(), "Accept", "text/html");

        assertEquals(200, page.statusCode(), () -> describe(page));
        assertTrue(page.body().contains("Signed in as"), () -> describe(page));
        assertTrue(page.body().contains("<span id=\"user-name\">alice</span>"), () -> describe(page));
        assertFalse(page.body().contains(login.accessToken()), "the token never appears in a page");
    }

    // ---- roles ---------------------------------------------------------------------------------

    @Test
    void adminPageIsForbiddenForAlice() {
        SampleClient.Login alice = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> response = client.get("/admin", "Cookie", alice.accessCookie(), "Accept", "text/html");

        assertEquals(403, response.statusCode(), () -> describe(response));
    }

    @Test
    void adminPageIsServedToAdmin() {
        SampleClient.Login admin = client.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> response = client.get("/admin", "Cookie", admin.accessCookie(), "Accept", "text/html");

        assertEquals(200, response.statusCode(), () -> describe(response));
    }

    // ---- logout --------------------------------------------------------------------------------

    @Test
    void logoutRevokesTheAccessTokenForCookieAndBearerUse() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);
        assertEquals(200, client.meWithCookie(login.accessToken()).statusCode(), "valid before logout");

        HttpResponse<String> logout = logout("/logout", login);
        assertEquals(303, logout.statusCode(), () -> describe(logout));

        HttpResponse<String> byCookie = client.meWithCookie(login.accessToken());
        HttpResponse<String> byBearer = client.meWithBearer(login.accessToken());
        assertAll(
                () -> assertEquals(401, byCookie.statusCode(), () -> describe(byCookie)),
                () -> assertEquals(401, byBearer.statusCode(), () -> describe(byBearer)));
    }

    @Test
    void logoutRedirectsToLoginAndClearsBothCookiesWithTheirOwnAttributes() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> logout = logout("/logout", login);

        assertEquals(303, logout.statusCode(), () -> describe(logout));
        assertEquals(client.contextPath() + "/login", locationPath(logout));
        assertCleared(logout);
    }

    @Test
    void logoutRevokesTheRefreshTokenToo() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);
        assertEquals(303, logout("/logout", login).statusCode());

        HttpResponse<String> refresh = refresh(login, client.origin());

        assertEquals(401, refresh.statusCode(), () -> describe(refresh));
    }

    @Test
    void logoutAllRevokesTheAccessTokenOfTheUsersOtherDevice() {
        SampleClient.Login phone = client.login(ALICE, ALICE_PASSWORD);
        SampleClient.Login laptop = client.login(ALICE, ALICE_PASSWORD);
        assertEquals(200, client.meWithBearer(phone.accessToken()).statusCode(), "phone valid before");

        HttpResponse<String> logoutAll = logout("/logout-all", laptop);
        HttpResponse<String> phoneByBearer = client.meWithBearer(phone.accessToken());
        HttpResponse<String> phoneByCookie = client.meWithCookie(phone.accessToken());
        awaitNextSecondAfterCutoff();

        assertAll(
                () -> assertEquals(303, logoutAll.statusCode(), () -> describe(logoutAll)),
                () -> assertEquals(client.contextPath() + "/login", locationPath(logoutAll)),
                () -> assertEquals(401, phoneByBearer.statusCode(), () -> describe(phoneByBearer)),
                () -> assertEquals(401, phoneByCookie.statusCode(), () -> describe(phoneByCookie)));
    }

    @Test
    void logoutAllStopsTheOtherDeviceFromRefreshing() {
        SampleClient.Login phone = client.login(ALICE, ALICE_PASSWORD);
        SampleClient.Login laptop = client.login(ALICE, ALICE_PASSWORD);

        assertEquals(303, logout("/logout-all", laptop).statusCode());
        HttpResponse<String> phoneRefresh = refresh(phone, client.origin());
        awaitNextSecondAfterCutoff();

        assertEquals(401, phoneRefresh.statusCode(), () -> describe(phoneRefresh));
    }

    /**
     * Signing in again right after "log out everywhere", within the same wall-clock second, must
     * work although {@code iat} has whole-second precision.
     */
    @Test
    void freshLoginRightAfterLogoutAllWorks() {
        SampleClient.Login laptop = client.login(ALICE, ALICE_PASSWORD);
        assertEquals(303, logout("/logout-all", laptop).statusCode());

        SampleClient.Login fresh = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> me = client.meWithCookie(fresh.accessToken());
        assertEquals(200, me.statusCode(), () -> describe(me));
    }

    // ---- refresh -------------------------------------------------------------------------------

    @Test
    void refreshRotatesBothCookiesAndTheNewAccessTokenWorks() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> refresh = refresh(login, client.origin());

        assertEquals(200, refresh.statusCode(), () -> describe(refresh));
        SetCookie access = SetCookie.of(refresh, "access_token");
        SetCookie refreshCookie = SetCookie.of(refresh, "refresh_token");
        DecodedJWT newToken = JWT.decode(access.value());
        JsonNode body = json(refresh);
        assertAll(
                () -> assertNotEquals(login.accessToken(), access.value(), "new access token"),
                () -> assertNotEquals(login.refreshToken(), refreshCookie.value(), "new refresh token"),
                () -> assertEquals(
                        "Path=" + cookiePath("/") + " Secure=true HttpOnly=true SameSite=Strict",
                        access.describeAttributes()),
                () -> assertEquals(
                        "Path=" + cookiePath("/auth/refresh") + " Secure=true HttpOnly=true SameSite=Strict",
                        refreshCookie.describeAttributes()),
                () -> assertEquals(
                        newToken.getExpiresAtAsInstant().getEpochSecond(),
                        body.path("exp").asLong()),
                () -> assertEquals(
                        newToken.getExpiresAtAsInstant().getEpochSecond()
                                - newToken.getIssuedAtAsInstant().getEpochSecond(),
                        body.path("expires_in").asLong(),
                        "expires_in is the new token's lifetime (RFC 6749 section 5.1), as /api/token answers"),
                () -> assertEquals(200, client.meWithCookie(access.value()).statusCode(), "new access token works"));
    }

    @Test
    void rotatedRefreshTokenIsRefusedWithInvalidGrantAndClearedCookies() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);
        assertEquals(200, refresh(login, client.origin()).statusCode(), "first rotation");

        HttpResponse<String> reuse = refresh(login, client.origin());

        assertEquals(401, reuse.statusCode(), () -> describe(reuse));
        assertEquals("invalid_grant", json(reuse).path("error").asText());
        assertCleared(reuse);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        SampleClient.Login stolen = client.login(ALICE, ALICE_PASSWORD);
        HttpResponse<String> rotation = refresh(stolen, client.origin());
        assertEquals(200, rotation.statusCode(), () -> describe(rotation));
        SampleClient.Login newest = new SampleClient.Login(
                SetCookie.of(rotation, "access_token").value(),
                SetCookie.of(rotation, "refresh_token").value());
        assertEquals(200, client.meWithCookie(newest.accessToken()).statusCode(), "newest works before reuse");

        HttpResponse<String> reuse = refresh(stolen, client.origin());
        HttpResponse<String> newestRefresh = refresh(newest, client.origin());
        HttpResponse<String> newestAccess = client.meWithCookie(newest.accessToken());

        assertAll(
                () -> assertEquals(401, reuse.statusCode(), () -> describe(reuse)),
                () -> assertEquals(401, newestRefresh.statusCode(), () -> describe(newestRefresh)),
                () -> assertEquals(401, newestAccess.statusCode(), () -> describe(newestAccess)));
    }

    @Test
    void refreshFromAForeignOriginIsRefusedAndDoesNotConsumeTheRefreshToken() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> crossSite = refresh(login, FOREIGN_ORIGIN);
        HttpResponse<String> sameSite = refresh(login, client.origin());

        assertEquals(403, crossSite.statusCode(), () -> describe(crossSite));
        assertEquals(200, sameSite.statusCode(), () -> describe(sameSite));
    }

    // ---- JWKS and key rotation -------------------------------------------------------------------

    @Test
    void jwksKeyNamedByTheTokensKidVerifiesItsSignature() {
        String token = client.login(ALICE, ALICE_PASSWORD).accessToken();
        String kid = JWT.decode(token).getKeyId();

        JsonNode jwk = jwks().key(kid).orElseThrow(() -> new AssertionError("no JWK with kid " + kid));
        Algorithm es256 = Algorithm.ECDSA256(Jwks.p256PublicKey(jwk), (ECPrivateKey) null);

        assertDoesNotThrow(() -> JWT.require(es256)
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .build()
                .verify(token));
    }

    @Test
    void jwksPublishesOnlyPublicEs256SigningKeysOnP256() {
        Jwks jwks = jwks();

        assertFalse(jwks.keys().isEmpty(), "at least one key");
        for (JsonNode jwk : jwks.keys()) {
            assertAll(
                    jwk.toString(),
                    () -> assertEquals("EC", jwk.path("kty").asText()),
                    () -> assertEquals("P-256", jwk.path("crv").asText()),
                    () -> assertEquals("ES256", jwk.path("alg").asText()),
                    () -> assertEquals("sig", jwk.path("use").asText()),
                    () -> assertFalse(jwk.path("kid").asText().isBlank(), "kid"),
                    () -> assertFalse(jwk.has("d"), "no private key member"));
        }
    }

    @Test
    void keyRotationKeepsTheOldKeyPublishedAndTokensFromBothKeysWorking() {
        String before = client.apiToken(ALICE, ALICE_PASSWORD);
        String oldKid = JWT.decode(before).getKeyId();
        List<String> kidsBefore = jwks().kids();
        SampleClient.Login admin = client.login(ADMIN, ADMIN_PASSWORD);

        HttpResponse<String> rotate = client.postEmpty(
                "/admin/rotate-key", "Cookie", admin.accessCookie(), "Origin", client.origin(), "Accept", "text/html");
        String after = client.apiToken(ALICE, ALICE_PASSWORD);
        String newKid = JWT.decode(after).getKeyId();
        List<String> kidsAfter = jwks().kids();

        assertAll(
                () -> assertEquals(303, rotate.statusCode(), () -> describe(rotate)),
                () -> assertEquals(client.contextPath() + "/admin", locationPath(rotate)),
                () -> assertNotEquals(oldKid, newKid, "tokens are signed with the new key"),
                () -> assertTrue(kidsBefore.contains(oldKid), "old kid published before: " + kidsBefore),
                () -> assertEquals(kidsBefore.size() + 1, kidsAfter.size(), "one key more: " + kidsAfter),
                () -> assertTrue(kidsAfter.containsAll(kidsBefore), "old keys stay published: " + kidsAfter),
                () -> assertTrue(
                        kidsBefore.contains(newKid),
                        "the new signing key was published before it signed: " + kidsBefore),
                () -> assertEquals(200, client.meWithBearer(before).statusCode(), "token signed before"),
                () -> assertEquals(200, client.meWithBearer(after).statusCode(), "token signed after"));
    }

    @Test
    void keyRotationIsRefusedForNonAdmins() {
        SampleClient.Login alice = client.login(ALICE, ALICE_PASSWORD);
        List<String> kidsBefore = jwks().kids();

        HttpResponse<String> rotate = client.postEmpty(
                "/admin/rotate-key", "Cookie", alice.accessCookie(), "Origin", client.origin(), "Accept", "text/html");

        assertEquals(403, rotate.statusCode(), () -> describe(rotate));
        assertEquals(kidsBefore, jwks().kids());
    }

    // ---- cross-site requests -----------------------------------------------------------------------

    @Test
    void crossSiteLogoutWithTheCookieIsRefusedAndLeavesTheTokenValid() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        HttpResponse<String> logout =
                client.postEmpty("/logout", "Cookie", login.accessCookie(), "Origin", FOREIGN_ORIGIN);

        assertEquals(403, logout.statusCode(), () -> describe(logout));
        assertEquals(List.of(), logout.headers().allValues("Set-Cookie"));
        assertEquals(200, client.meWithCookie(login.accessToken()).statusCode(), "token still valid");
        assertEquals(200, refresh(login, client.origin()).statusCode(), "refresh token still valid");
    }

    @Test
    void crossSiteTodoPostWithTheCookieIsRefusedAndCreatesNothing() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);
        String title = "cross-site " + UUID.randomUUID();

        HttpResponse<String> create = client.post(
                "/api/todos", JSON, jsonBody("title", title), "Cookie", login.accessCookie(), "Origin", FOREIGN_ORIGIN);

        assertEquals(403, create.statusCode(), () -> describe(create));
        assertFalse(todoTitles("Cookie", login.accessCookie()).contains(title), "nothing created");
        assertEquals(200, client.meWithCookie(login.accessToken()).statusCode(), "token still valid");
    }

    // ---- todos -------------------------------------------------------------------------------------

    @Test
    void todosAreCreatedListedAndDeletedWithABearerToken() {
        String token = client.apiToken(ALICE, ALICE_PASSWORD);

        assertTodoLifecycle("Authorization", "Bearer " + token);
    }

    @Test
    void todosAreCreatedListedAndDeletedWithTheCookieFromTheSameOrigin() {
        SampleClient.Login login = client.login(ALICE, ALICE_PASSWORD);

        assertTodoLifecycle("Cookie", login.accessCookie(), "Origin", client.origin());
    }

    @Test
    void todosArePerUser() {
        String admin = client.apiToken(ADMIN, ADMIN_PASSWORD);
        String alice = client.apiToken(ALICE, ALICE_PASSWORD);
        String title = "admin only " + UUID.randomUUID();
        HttpResponse<String> created =
                client.post("/api/todos", JSON, jsonBody("title", title), "Authorization", "Bearer " + admin);
        assertEquals(201, created.statusCode(), () -> describe(created));
        String id = json(created).path("id").asText();

        List<String> aliceSees = todoTitles("Authorization", "Bearer " + alice);
        HttpResponse<String> aliceDeletes = client.delete("/api/todos/" + id, "Authorization", "Bearer " + alice);

        assertAll(
                () -> assertFalse(aliceSees.contains(title), "alice does not see admin's todo"),
                () -> assertEquals(404, aliceDeletes.statusCode(), () -> describe(aliceDeletes)),
                () -> assertTrue(todoTitles("Authorization", "Bearer " + admin).contains(title), "admin still has it"));
    }

    @Test
    void todoWithoutTitleIsABadRequest() {
        String token = client.apiToken(ALICE, ALICE_PASSWORD);

        HttpResponse<String> response = client.post("/api/todos", JSON, "{}", "Authorization", "Bearer " + token);

        assertEquals(400, response.statusCode(), () -> describe(response));
    }

    // ---- no token ----------------------------------------------------------------------------------

    @Test
    void apiWithoutTokenGets401WithBearerChallenge() {
        HttpResponse<String> response = client.get("/api/me", "Accept", JSON);

        assertEquals(401, response.statusCode(), () -> describe(response));
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer"), "WWW-Authenticate: " + challenge);
        assertFalse(challenge.contains("error="), "no error code without a token: " + challenge);
    }

    @Test
    void appNavigationWithoutTokenIsRedirectedToTheLoginPage() {
        HttpResponse<String> response = client.get("/app", "Accept", "text/html");

        assertEquals(302, response.statusCode(), () -> describe(response));
        assertEquals(client.contextPath() + "/login", locationPath(response));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void assertMe(HttpResponse<String> response, String token, String subject, List<String> roles) {
        assertEquals(200, response.statusCode(), () -> describe(response));
        JsonNode me = json(response);
        List<String> actualRoles = new ArrayList<>();
        me.path("roles").forEach(r -> actualRoles.add(r.asText()));
        assertAll(
                () -> assertEquals(subject, me.path("sub").asText()),
                () -> assertEquals(roles, actualRoles.stream().sorted().toList()),
                () -> assertEquals(
                        JWT.decode(token).getExpiresAtAsInstant().getEpochSecond(),
                        me.path("exp").asLong()));
    }

    private void assertTodoLifecycle(String... auth) {
        String title = "buy milk " + UUID.randomUUID();

        HttpResponse<String> created = client.post("/api/todos", JSON, jsonBody("title", title), auth);
        assertEquals(201, created.statusCode(), () -> describe(created));
        JsonNode todo = json(created);
        String id = todo.path("id").asText();
        assertFalse(id.isBlank(), "id");
        assertEquals(title, todo.path("title").asText());

        HttpResponse<String> listed = client.get("/api/todos", auth);
        assertEquals(200, listed.statusCode(), () -> describe(listed));
        assertTrue(contains(json(listed), id, title), () -> "listed: " + listed.body());

        HttpResponse<String> deleted = client.delete("/api/todos/" + id, auth);
        assertEquals(204, deleted.statusCode(), () -> describe(deleted));
        assertFalse(contains(json(client.get("/api/todos", auth)), id, title), "gone after delete");

        HttpResponse<String> deletedAgain = client.delete("/api/todos/" + id, auth);
        assertEquals(404, deletedAgain.statusCode(), () -> describe(deletedAgain));
    }

    private static boolean contains(JsonNode todos, String id, String title) {
        assertTrue(todos.isArray(), () -> "a JSON array: " + todos);
        for (JsonNode todo : todos) {
            if (id.equals(todo.path("id").asText())
                    && title.equals(todo.path("title").asText())) {
                return true;
            }
        }
        return false;
    }

    private List<String> todoTitles(String... auth) {
        HttpResponse<String> listed = client.get("/api/todos", auth);
        assertEquals(200, listed.statusCode(), () -> describe(listed));
        List<String> titles = new ArrayList<>();
        json(listed).forEach(t -> titles.add(t.path("title").asText()));
        return titles;
    }

    private HttpResponse<String> logout(String path, SampleClient.Login login) {
        // a browser sends only the access cookie here: the refresh cookie is scoped to /auth/refresh
        return client.postEmpty(path, "Cookie", login.accessCookie(), "Origin", client.origin(), "Accept", "text/html");
    }

    /** {@code POST /auth/refresh} with the cookies a browser sends to that path. */
    private HttpResponse<String> refresh(SampleClient.Login login, String origin) {
        return client.postEmpty(
                "/auth/refresh",
                "Cookie",
                login.accessCookie() + "; " + login.refreshCookie(),
                "Origin",
                origin,
                "Accept",
                JSON);
    }

    private void assertCleared(HttpResponse<String> response) {
        SetCookie access = SetCookie.of(response, "access_token");
        SetCookie refresh = SetCookie.of(response, "refresh_token");
        assertAll(
                () -> assertEquals(0, access.maxAge(), "access_token Max-Age"),
                () -> assertEquals(0, refresh.maxAge(), "refresh_token Max-Age"),
                () -> assertEquals(
                        "Path=" + cookiePath("/") + " Secure=true HttpOnly=true SameSite=Strict",
                        access.describeAttributes()),
                () -> assertEquals(
                        "Path=" + cookiePath("/auth/refresh") + " Secure=true HttpOnly=true SameSite=Strict",
                        refresh.describeAttributes()));
    }

    private Jwks jwks() {
        HttpResponse<String> response = client.get("/.well-known/jwks.json", "Accept", JSON);
        assertEquals(200, response.statusCode(), () -> describe(response));
        return new Jwks(json(response));
    }

    /** The path a redirect points to, resolved against the request URI. */
    private static String locationPath(HttpResponse<String> response) {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location: " + describe(response)));
        return response.uri().resolve(URI.create(location)).getPath();
    }

    /** A cookie path for a path inside the app: the context path in front, "/" for the root itself. */
    private String cookiePath(String pathInApp) {
        String context = client.contextPath();
        return context.isEmpty() ? pathInApp : "/".equals(pathInApp) ? context : context + pathInApp;
    }

    /**
     * A subject cutoff has one-second granularity ({@code iat} is in whole seconds): after a
     * logout-all, wait until the wall clock is in the next second so that the next tests' logins of
     * the same user are issued after the cutoff whatever the app does about the same second (that
     * case has its own test, {@link #freshLoginRightAfterLogoutAllWorks}). At most ~1 s.
     */
    private static void awaitNextSecondAfterCutoff() {
        Instant next =
                Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusMillis(50);
        SampleClient.pause(Duration.between(Instant.now(), next));
    }

    @Test
    void apiFilterVerifiesWithKeysFromTheConfiguredSource() {
        String admin = client.apiToken(ADMIN, ADMIN_PASSWORD);
        assertEquals(200, client.meWithBearer(admin).statusCode());

        HttpResponse<String> page = client.get("/admin", "Authorization", "Bearer " + admin);

        Matcher source = Pattern.compile("<span id=\"api-keys\">JWKS over HTTP, (\\d+) fetches, 0 failed</span>")
                .matcher(page.body());
        if (apiKeysFromJwksOverHttp()) {
            assertTrue(source.find(), "the API filter fetches the JWKS over HTTP: " + describe(page));
            assertTrue(Integer.parseInt(source.group(1)) >= 1, "at least one JWKS fetch: " + describe(page));
        } else {
            assertTrue(page.body().contains("<span id=\"api-keys\">the in-process key ring</span>"), describe(page));
        }
    }
}

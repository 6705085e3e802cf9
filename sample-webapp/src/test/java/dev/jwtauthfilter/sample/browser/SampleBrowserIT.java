package dev.jwtauthfilter.sample.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jwtauthfilter.sample.browser.HeadlessChromium.JarCookie;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample app in a real browser: Debian's headless Chromium driven by Selenium against the WAR running in a real
 * container (the build passes its base URL as {@code sample.jetty.url} or {@code sample.tomcat.url}; the test is
 * skipped when neither is set).
 *
 * <p>Plain-http hosts: the sample's cookies are {@code Secure}. Chromium keeps a {@code Secure} cookie set over plain
 * http only when the host is "potentially trustworthy", i.e. {@code localhost} or a loopback address; checked here
 * with Chromium 150: a {@code Secure; HttpOnly; SameSite=Strict} cookie set by {@code http://127.0.0.1:<port>} and
 * by {@code http://localhost:<port>} is stored and sent back on both, while the same cookie set by the machine's own
 * non-loopback address over http is silently dropped. So any other host over http (the machine's name, a LAN
 * address) would lose the cookies and every sign-in would bounce back to the login page, so
 * {@link #baseUrl()} refuses such a base URL instead of producing a misleading failure. The containers bind
 * 127.0.0.1; {@code localhost} works too because Chromium resolves it to loopback itself.
 */
class SampleBrowserIT {
    private static final String ACCESS_COOKIE = "access_token";
    private static final String REFRESH_COOKIE = "refresh_token";
    private static final String GENERIC_LOGIN_ERROR = "Invalid username or password";
    private static final long ACCESS_TOKEN_LIFETIME_SECONDS = 900;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final Path TARGET =
            Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final Path SIGNED_IN_SCREENSHOT =
            TARGET.resolve("screenshots").resolve("signed-in.png");

    private static URI base;

    private HeadlessChromium chromium;
    private ChromeDriver driver;

    @BeforeAll
    static void baseUrl() {
        String url = Stream.of("sample.jetty.url", "sample.tomcat.url")
                .map(System::getProperty)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .orElse(null);
        assumeTrue(url != null, "neither sample.jetty.url nor sample.tomcat.url is set: no sample app to browse");
        base = URI.create(url.strip().replaceAll("/+$", ""));
        if ("http".equals(base.getScheme()) && !isLoopback(base.getHost())) {
            fail("Chromium drops Secure cookies set over plain http by " + base.getHost()
                    + "; use http://localhost or http://127.0.0.1 (see class javadoc)");
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.launch(TARGET.resolve("browser-it"));
        driver = chromium.driver();
    }

    @AfterEach
    void quitBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aliceSignsInSeesHerPageAddsATodoAndSignsOut() throws IOException {
        // 1. sign in through the login form and land on /app, showing her name
        signIn("alice", "alice-password");
        waitForPath("/app");
        WebElement userName = waitFor(By.id("user-name"));
        assertEquals("alice", userName.getText(), "#user-name on /app");
        assertTrue(bodyText().contains("Signed in as"), "/app says 'Signed in as': " + bodyText());
        assertEquals(200, navigationStatus(), "status of the /app page the login redirect led to");

        // 2. the tokens are in HttpOnly cookies, out of reach of the page's JavaScript
        Cookie access = driver.manage().getCookieNamed(ACCESS_COOKIE);
        assertNotNull(access, "the browser holds an access_token cookie for /app");
        assertTrue(access.isHttpOnly(), "access_token cookie is HttpOnly");
        assertEquals(3, access.getValue().split("\\.", -1).length, "access_token cookie holds a JWS");
        JarCookie refresh = chromium.jarCookie(REFRESH_COOKIE)
                .orElseThrow(() -> new AssertionError("no refresh_token cookie in " + chromium.cookieJar()));
        assertTrue(refresh.httpOnly(), "refresh_token cookie is HttpOnly");

        String documentCookie = (String) driver.executeScript("return document.cookie");
        assertFalse(documentCookie.contains(access.getValue()), "document.cookie exposes the access token");
        assertFalse(documentCookie.contains(refresh.value()), "document.cookie exposes the refresh token");
        assertFalse(documentCookie.contains(ACCESS_COOKIE), "document.cookie names access_token");
        assertFalse(documentCookie.contains(REFRESH_COOKIE), "document.cookie names refresh_token");
        String readable = javascriptReadableState();
        assertFalse(readable.contains(access.getValue()), "access token in the page, its URL or web storage");
        assertFalse(readable.contains(refresh.value()), "refresh token in the page, its URL or web storage");

        // 3. add a todo through the page; it is listed, and still listed (once) after a reload
        String title = "Buy oat milk " + UUID.randomUUID().toString().substring(0, 8);
        WebElement titleInput = waitFor(By.cssSelector("form#todo-form input[name=title]"));
        titleInput.sendKeys(title, Keys.ENTER);
        waitUntil("todo '" + title + "' listed in ul#todos", d -> todosWithTitle(title) == 1);
        driver.navigate().refresh();
        waitForPath("/app");
        waitUntil("todo '" + title + "' listed in ul#todos after a reload", d -> todosWithTitle(title) == 1);

        // 4. a picture of the signed-in page for the README
        Files.createDirectories(SIGNED_IN_SCREENSHOT.getParent());
        Files.write(SIGNED_IN_SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));

        // 5. sign out: back on the login page, both cookies gone from the browser
        signOut();
        assertNull(driver.manage().getCookieNamed(ACCESS_COOKIE), "access_token cookie left after sign-out");
        assertEquals(List.of(), tokenCookies(), "token cookies left after sign-out");

        // 6. /app now sends the browser to the login page, and it stays there: the login page's silent
        // renewal (its POST /auth/refresh) is refused, so nothing takes the browser back to /app
        int refreshesBefore = refreshStatuses().size();
        driver.get(url("/app"));
        waitForPath("/login");
        assertTrue(waitFor(By.cssSelector("form#login-form")).isDisplayed(), "login form shown");
        assertEquals(401, nextRefreshStatus(refreshesBefore), "status of the login page's POST /auth/refresh");
        assertTrue(currentPath().endsWith("/login"), "still on the login page: " + currentPath());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"alice, wrong-password", "mallory, alice-password"})
    void signInWithWrongCredentialsShowsTheGenericErrorAndSetsNoTokenCookie(String username, String password) {
        signIn(username, password);
        waitUntil("the generic login error", d -> bodyText().contains(GENERIC_LOGIN_ERROR));

        assertAll(
                () -> assertEquals(401, navigationStatus(), "status of the failed sign-in page"),
                () -> assertTrue(currentPath().endsWith("/login"), "still on the login page: " + currentPath()),
                () -> assertNull(driver.manage().getCookieNamed(ACCESS_COOKIE), "access_token cookie set"),
                () -> assertEquals(List.of(), tokenCookies(), "token cookies in the browser"));
    }

    @Test
    void signInStoresBothTokenCookiesHttpOnlySecureAndSameSiteStrict() {
        signIn("alice", "alice-password");
        waitForPath("/app");
        long signedInAt = Instant.now().getEpochSecond();

        JarCookie access = chromium.jarCookie(ACCESS_COOKIE)
                .orElseThrow(() -> new AssertionError("no access_token cookie in " + chromium.cookieJar()));
        JarCookie refresh = chromium.jarCookie(REFRESH_COOKIE)
                .orElseThrow(() -> new AssertionError("no refresh_token cookie in " + chromium.cookieJar()));
        String contextPath = base.getPath();
        assertAll(
                () -> assertEquals(contextPath.isEmpty() ? "/" : contextPath, access.path(), "access_token Path"),
                () -> assertTrue(access.httpOnly(), "access_token HttpOnly"),
                () -> assertTrue(access.secure(), "access_token Secure"),
                () -> assertEquals("Strict", access.sameSite(), "access_token SameSite"),
                () -> assertTrue(access.expires() > signedInAt, "access_token is persistent, expires " + access),
                () -> assertTrue(
                        access.expires() <= signedInAt + ACCESS_TOKEN_LIFETIME_SECONDS + 5,
                        "access_token outlives the token: expires " + access.expires() + ", signed in at "
                                + signedInAt),
                () -> assertEquals(contextPath + "/auth/refresh", refresh.path(), "refresh_token Path"),
                () -> assertTrue(refresh.httpOnly(), "refresh_token HttpOnly"),
                () -> assertTrue(refresh.secure(), "refresh_token Secure"),
                () -> assertEquals("Strict", refresh.sameSite(), "refresh_token SameSite"));
    }

    @Test
    void expiredAccessCookieIsRenewedSilentlyWithTheRefreshCookie() {
        signIn("alice", "alice-password");
        waitForPath("/app");
        String oldAccess = driver.manage().getCookieNamed(ACCESS_COOKIE).getValue();
        String oldRefresh = chromium.jarCookie(REFRESH_COOKIE).orElseThrow().value();

        // what the browser does when the access cookie's Max-Age runs out
        driver.manage().deleteCookieNamed(ACCESS_COOKIE);
        driver.get(url("/app"));

        // the filter sends the navigation to /login, whose script renews the tokens and goes back to /app
        waitUntil("back on /app as alice", d -> currentPath().endsWith("/app") && userNameShown("alice"));
        Cookie access = driver.manage().getCookieNamed(ACCESS_COOKIE);
        assertNotNull(access, "a new access_token cookie");
        JarCookie refresh = chromium.jarCookie(REFRESH_COOKIE).orElseThrow();
        assertAll(
                () -> assertNotEquals(oldAccess, access.getValue(), "access token renewed"),
                () -> assertNotEquals(oldRefresh, refresh.value(), "refresh token rotated"));
    }

    @Test
    void accessCookieCopiedBeforeSignOutNoLongerOpensTheApp() {
        signIn("alice", "alice-password");
        waitForPath("/app");
        Cookie copy = driver.manage().getCookieNamed(ACCESS_COOKIE);
        signOut();

        // put the signed-out token back, as someone who had copied the cookie would
        driver.manage().addCookie(copy);
        assertEquals(
                copy.getValue(), driver.manage().getCookieNamed(ACCESS_COOKIE).getValue(), "cookie restored");
        int refreshesBefore = refreshStatuses().size();
        driver.get(url("/app"));

        waitForPath("/login");
        assertAll(
                () -> assertTrue(waitFor(By.cssSelector("form#login-form")).isDisplayed(), "login form shown"),
                () -> assertEquals(401, nextRefreshStatus(refreshesBefore), "silent renewal refused"),
                () -> assertTrue(currentPath().endsWith("/login"), "still on the login page: " + currentPath()));
    }

    @Test
    void appWithoutSigningInSendsTheBrowserToTheLoginPage() {
        driver.get(url("/app"));

        waitForPath("/login");
        assertTrue(waitFor(By.cssSelector("form#login-form")).isDisplayed(), "login form shown");
    }

    private void signIn(String username, String password) {
        driver.get(url("/login"));
        WebElement form = waitFor(By.cssSelector("form#login-form"));
        form.findElement(By.cssSelector("input[name=username]")).sendKeys(username);
        form.findElement(By.cssSelector("input[name=password]")).sendKeys(password);
        // A marker on the old page's window object tells when the answer to POST /login has replaced it. Waiting for
        // the form element to go stale instead races Chromium: mid-navigation it answers "Node with given id does not
        // belong to the document" as an unknown error rather than as a stale element.
        driver.executeScript("window.beforeSignIn = true;");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, WAIT)
                .withMessage("the login form was not replaced by the answer to POST /login")
                .ignoring(WebDriverException.class)
                .until(d -> (Boolean) driver.executeScript(
                        "return window.beforeSignIn === undefined && document.readyState === 'complete';"));
    }

    /**
     * Clicks "Sign out" and waits for the login page it leads to, and for that page's silent renewal attempt to be
     * answered: it is refused, and its answer clears the cookies again, so nothing may be put in the cookie jar
     * before it has arrived.
     */
    private void signOut() {
        int refreshesBefore = refreshStatuses().size();
        waitFor(By.cssSelector("form#logout-form button")).click();
        waitForPath("/login");
        assertEquals(401, nextRefreshStatus(refreshesBefore), "the login page's renewal right after sign-out");
    }

    private String url(String path) {
        return base + path;
    }

    private String currentPath() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    private void waitForPath(String suffix) {
        waitUntil(
                "the browser at " + base.getPath() + suffix, d -> currentPath().endsWith(suffix));
        waitFor(By.tagName("body"));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT)
                .withMessage(() -> locator + " not visible on " + pageSummary())
                .ignoring(WebDriverException.class) // Chromium's answers about a page being replaced; see signIn
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "waited for " + what + "; " + pageSummary())
                .ignoring(WebDriverException.class)
                .until(condition);
    }

    private String pageSummary() {
        String text = bodyText();
        return "at " + driver.getCurrentUrl() + ", page text: "
                + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
    }

    private String bodyText() {
        return String.valueOf(driver.executeScript("return document.body ? document.body.innerText : ''"));
    }

    /** The HTTP status of the document now shown (Navigation Timing Level 2, {@code responseStatus}). */
    private long navigationStatus() {
        Object status = driver.executeScript("return performance.getEntriesByType('navigation')[0].responseStatus");
        return ((Number) status).longValue();
    }

    /** Counted in one script run: the page re-renders the list after each change, which stales WebElements. */
    private long todosWithTitle(String title) {
        Object count = driver.executeScript(
                "return Array.from(document.querySelectorAll('ul#todos > li'))"
                        + ".filter(li => li.textContent.includes(arguments[0])).length",
                title);
        return ((Number) count).longValue();
    }

    private boolean userNameShown(String name) {
        return driver.findElements(By.id("user-name")).stream().anyMatch(e -> name.equals(e.getText()));
    }

    /** Statuses of every POST /auth/refresh answer the browser has received so far. */
    private List<Integer> refreshStatuses() {
        return chromium.statusesOfResponsesTo(base.getPath() + "/auth/refresh");
    }

    /** Waits for the first /auth/refresh answer after the {@code seen} ones, and returns its status. */
    private int nextRefreshStatus(int seen) {
        waitUntil(
                "the login page's POST /auth/refresh to be answered",
                d -> refreshStatuses().size() > seen);
        return refreshStatuses().get(seen);
    }

    private List<JarCookie> tokenCookies() {
        return chromium.cookieJar().stream()
                .filter(c -> c.name().equals(ACCESS_COOKIE) || c.name().equals(REFRESH_COOKIE))
                .toList();
    }

    /** What any script on the page can read besides document.cookie: the markup, the URL, window.name, storage. */
    private String javascriptReadableState() {
        return String.valueOf(driver.executeScript("return [document.documentElement.outerHTML, location.href,"
                + " window.name, JSON.stringify(localStorage), JSON.stringify(sessionStorage)].join('\\n')"));
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+]")) {
            return false; // a name: never resolve it, only localhost is trusted by name
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

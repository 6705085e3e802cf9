package dev.jwtauthfilter.sample.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, with a fresh profile under {@code target/} that
 * {@link #close()} deletes.
 *
 * <p>Nothing is ever downloaded: the driver executable is given to the service (Selenium then never asks Selenium
 * Manager, which would otherwise fetch a driver and a "Chrome for Testing" browser) and the browser binary is set in
 * the options.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /** The only switches we pass; Debian's /usr/bin/chromium wrapper adds its own from /etc/chromium.d. */
    static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;
    /** Responses seen in the performance log; chromedriver hands each log entry out once. */
    private final List<Response> responses = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts chromedriver (on a free port of its own choosing, loopback only) and a browser with a new profile in
     * {@code workDir}; chromedriver's log is appended to {@code workDir/chromedriver.log}.
     */
    static HeadlessChromium launch(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile())
                .withAppendLog(true)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
        // chromedriver's performance log carries the DevTools Network events: what the page's own
        // fetch() calls got back, which neither the DOM nor Resource Timing shows reliably (Chromium
        // records no Resource Timing entry for a fetch whose body the page never reads)
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        try {
            // the driver owns the service: quit() stops chromedriver too
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
            driver.manage().window().setSize(new Dimension(1280, 900));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Every cookie in the browser's jar, for every path, with its attributes, read through chromedriver's CDP
     * passthrough ({@code Storage.getCookies}). WebDriver's own cookie commands only see the cookies the current
     * page's URL would send, so a cookie scoped to {@code /auth/refresh} is invisible to them from {@code /app}.
     */
    List<JarCookie> cookieJar() {
        Map<String, Object> answer = driver.executeCdpCommand("Storage.getCookies", Map.of());
        List<JarCookie> cookies = new ArrayList<>();
        if (answer.get("cookies") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> cookie) {
                    cookies.add(JarCookie.from(cookie));
                }
            }
        }
        return cookies;
    }

    Optional<JarCookie> jarCookie(String name) {
        return cookieJar().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The HTTP statuses of every response the browser received so far (navigations, scripts, fetch calls) for a URL
     * with exactly this path, oldest first.
     */
    List<Integer> statusesOfResponsesTo(String path) {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = readJson(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.responseReceived")) {
                JsonNode response = message.path("params").path("response");
                URI url = URI.create(response.path("url").asText());
                if (url.getRawPath() != null) { // not data: or about:blank
                    responses.add(
                            new Response(url.getPath(), response.path("status").asInt()));
                }
            }
        }
        return responses.stream()
                .filter(r -> r.path().equals(path))
                .map(Response::status)
                .toList();
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("chromedriver wrote a performance log entry that is not JSON", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private record Response(String path, int status) {}

    /** One cookie as the browser stored it (CDP {@code Network.Cookie}); {@code expires} is -1 for a session cookie. */
    record JarCookie(
            String name,
            String value,
            String domain,
            String path,
            boolean httpOnly,
            boolean secure,
            String sameSite,
            double expires) {

        static JarCookie from(Map<?, ?> cdp) {
            return new JarCookie(
                    String.valueOf(cdp.get("name")),
                    String.valueOf(cdp.get("value")),
                    String.valueOf(cdp.get("domain")),
                    String.valueOf(cdp.get("path")),
                    Boolean.TRUE.equals(cdp.get("httpOnly")),
                    Boolean.TRUE.equals(cdp.get("secure")),
                    String.valueOf(cdp.get("sameSite")),
                    cdp.get("expires") instanceof Number n ? n.doubleValue() : -1);
        }

        @Override
        public String toString() {
            // never print a token: test failures end up in CI logs
            return "JarCookie[name=" + name + ", value=<" + value.length() + " chars>, domain=" + domain + ", path="
                    + path + ", httpOnly=" + httpOnly + ", secure=" + secure + ", sameSite=" + sameSite
                    + ", expires=" + expires + "]";
        }
    }
}

package dev.jwtauthfilter.sample.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

    private final ChromeDriver driver;
    private final Path profile;

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

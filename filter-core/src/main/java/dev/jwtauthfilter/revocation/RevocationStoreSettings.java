package dev.jwtauthfilter.revocation;

import dev.jwtauthfilter.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code revocationStore.*} init-params handed to a {@link RevocationStoreProvider}, with
 * parsers whose messages name the full init-param and what it allows.
 */
public final class RevocationStoreSettings {
    /** The prefix of every sub-parameter, e.g. {@code revocationStore.url}. */
    public static final String PREFIX = "revocationStore.";

    private final Map<String, String> values;
    private final UnaryOperator<String> env;
    private final UnaryOperator<String> sysprops;
    private final ClassLoader classLoader;
    private final Clock clock;

    /**
     * Creates settings from sub-parameter values, keyed without the prefix.
     *
     * @param values sub-parameter name (without prefix) to value
     * @param env environment lookup for {@code env:} references
     * @param sysprops system property lookup for {@code sysprop:} references
     * @param classLoader the web app's class loader, e.g. for a JDBC driver
     * @param clock the filter's clock
     */
    public RevocationStoreSettings(
            Map<String, String> values,
            UnaryOperator<String> env,
            UnaryOperator<String> sysprops,
            ClassLoader classLoader,
            Clock clock) {
        this.values = Map.copyOf(values);
        this.env = Objects.requireNonNull(env, "env");
        this.sysprops = Objects.requireNonNull(sysprops, "sysprops");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates settings that resolve references against the real environment and system properties.
     *
     * @param values sub-parameter name (without prefix) to value
     * @param classLoader the web app's class loader
     * @return the settings, on the system UTC clock
     */
    public static RevocationStoreSettings of(Map<String, String> values, ClassLoader classLoader) {
        return new RevocationStoreSettings(values, System::getenv, System::getProperty, classLoader, Clock.systemUTC());
    }

    /**
     * Returns a sub-parameter's value, stripped; blank counts as absent.
     *
     * @param name the name without prefix
     * @return the value, if set
     */
    public Optional<String> value(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /**
     * Returns a sub-parameter that may hold a secret (a password, a URL with credentials): a literal
     * value, or a reference {@code env:NAME}, {@code sysprop:NAME} or {@code file:/path} so the secret
     * stays out of {@code web.xml}. A file's final newline is dropped.
     *
     * @param name the name without prefix
     * @return the resolved value, if set
     * @throws ConfigException if a reference points at nothing
     */
    public Optional<String> secretOrReference(String name) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return raw;
        }
        String ref = raw.get();
        if (ref.startsWith("env:")) {
            return Optional.of(lookup(name, "environment variable", ref.substring(4), env));
        }
        if (ref.startsWith("sysprop:")) {
            return Optional.of(lookup(name, "system property", ref.substring(8), sysprops));
        }
        if (ref.startsWith("file:")) {
            return Optional.of(readFile(name, ref.substring(5)));
        }
        return raw;
    }

    /**
     * Returns a whole-number sub-parameter.
     *
     * @param name the name without prefix
     * @param defaultValue the value when absent
     * @param min the least value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws ConfigException if it is not a whole number within the range
     */
    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw invalid(name, "must be a whole number from " + min + " to " + max + ", was '" + v.get() + "'");
    }

    /**
     * Returns a duration given as a whole number of milliseconds.
     *
     * @param name the name without prefix
     * @param defaultValue the value when absent
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the duration
     */
    public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
        return Duration.ofMillis(
                integer(name, (int) defaultValue.toMillis(), (int) min.toMillis(), (int) max.toMillis()));
    }

    /**
     * Returns a duration given as a whole number of seconds.
     *
     * @param name the name without prefix
     * @param defaultValue the value when absent
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the duration
     */
    public Duration seconds(String name, Duration defaultValue, Duration min, Duration max) {
        return Duration.ofSeconds(
                integer(name, (int) defaultValue.toSeconds(), (int) min.toSeconds(), (int) max.toSeconds()));
    }

    /**
     * Returns a {@code true}/{@code false} sub-parameter.
     *
     * @param name the name without prefix
     * @param defaultValue the value when absent
     * @return the value
     */
    public boolean flag(String name, boolean defaultValue) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (v.get().equals("true") || v.get().equals("false")) {
            return Boolean.parseBoolean(v.get());
        }
        throw invalid(name, "must be true or false, was '" + v.get() + "'");
    }

    /**
     * Creates the exception for a bad sub-parameter; the message names the full init-param.
     *
     * @param name the name without prefix
     * @param problem what is wrong and what is allowed, without any secret
     * @return the exception, to throw
     */
    public ConfigException invalid(String name, String problem) {
        return new ConfigException(PREFIX + name, problem);
    }

    /**
     * Returns the web app's class loader.
     *
     * @return the class loader
     */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * Returns the filter's clock, which decides when entries expire.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    private String lookup(String name, String kind, String key, UnaryOperator<String> source) {
        String v = key.isEmpty() ? null : source.apply(key);
        if (v == null || v.isEmpty()) {
            throw invalid(name, "refers to the " + kind + " '" + key + "', which is not set or empty");
        }
        return v;
    }

    private String readFile(String name, String path) {
        try {
            String text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException | RuntimeException e) {
            throw invalid(
                    name,
                    "refers to the file " + path + ", which cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        }
    }
}

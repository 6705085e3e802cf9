package dev.jwtauthfilter.revocation;

import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.config.InitParams;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Creates the store named by the {@code revocationStore} init-param ({@code memory}, the default, or
 * the {@link RevocationStoreProvider#name()} of a provider on the class path, e.g. {@code redis} or
 * {@code jdbc}) from its {@code revocationStore.*} sub-parameters.
 */
public final class RevocationStores {
    /** The {@code revocationStore} value of the in-memory store, which needs no provider. */
    public static final String MEMORY = "memory";

    private RevocationStores() {}

    /**
     * Creates the store the init-params select, with the real environment for references.
     *
     * @param initParams every init-param of the filter
     * @param classLoader the web app's class loader, where providers are looked up
     * @param clock the filter's clock
     * @return the store, or empty for {@code memory} or no {@code revocationStore} at all
     * @throws ConfigException naming the offending init-param
     */
    public static Optional<RevocationStore> fromInitParams(
            Map<String, String> initParams, ClassLoader classLoader, Clock clock) {
        return fromInitParams(initParams, classLoader, clock, System::getenv, System::getProperty);
    }

    static Optional<RevocationStore> fromInitParams(
            Map<String, String> initParams,
            ClassLoader classLoader,
            Clock clock,
            UnaryOperator<String> env,
            UnaryOperator<String> sysprops) {
        Map<String, String> sub = new LinkedHashMap<>();
        initParams.forEach((name, value) -> {
            if (name.startsWith(RevocationStoreSettings.PREFIX)) {
                sub.put(name.substring(RevocationStoreSettings.PREFIX.length()), value);
            }
        });
        String selected = initParams.get(InitParams.REVOCATION_STORE);
        String storeName = selected == null || selected.isBlank() ? MEMORY : selected.strip();
        if (storeName.equals(MEMORY)) {
            if (!sub.isEmpty()) {
                throw new ConfigException(
                        RevocationStoreSettings.PREFIX + sub.keySet().iterator().next(),
                        "is set, but revocationStore is " + MEMORY + ", which takes no sub-parameters");
            }
            return Optional.empty();
        }
        RevocationStoreProvider provider = provider(storeName, classLoader);
        for (String name : sub.keySet()) {
            if (!provider.parameters().contains(name)) {
                throw new ConfigException(
                        RevocationStoreSettings.PREFIX + name,
                        "is unknown to the " + storeName + " store; allowed are "
                                + new TreeSet<>(provider.parameters())
                                        .stream()
                                                .map(n -> RevocationStoreSettings.PREFIX + n)
                                                .toList());
            }
        }
        return Optional.of(provider.create(new RevocationStoreSettings(sub, env, sysprops, classLoader, clock)));
    }

    private static RevocationStoreProvider provider(String storeName, ClassLoader classLoader) {
        List<String> known = new ArrayList<>(List.of(MEMORY));
        for (RevocationStoreProvider p : ServiceLoader.load(RevocationStoreProvider.class, classLoader)) {
            if (p.name().equals(storeName)) {
                return p;
            }
            known.add(p.name());
        }
        throw new ConfigException(
                InitParams.REVOCATION_STORE,
                "is '" + storeName + "', but no such store is on the class path; available: " + known
                        + " (redis and jdbc come in the jwt-auth-filter-revocation-redis and"
                        + " -revocation-jdbc jars)");
    }
}

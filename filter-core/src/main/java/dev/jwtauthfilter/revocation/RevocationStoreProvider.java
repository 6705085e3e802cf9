package dev.jwtauthfilter.revocation;

import java.util.Set;

/**
 * Creates a {@link RevocationStore} named by the filter's {@code revocationStore} init-param, so a
 * store in another module (Redis, JDBC) is chosen from {@code web.xml} without the core depending
 * on it. Implementations are found with {@link java.util.ServiceLoader} in the web app's class
 * loader ({@code META-INF/services/dev.jwtauthfilter.revocation.RevocationStoreProvider}).
 */
public interface RevocationStoreProvider {
    /**
     * Returns the value of {@code revocationStore} that selects this provider.
     *
     * @return a short lower-case name, e.g. {@code redis}
     */
    String name();

    /**
     * Returns the sub-parameters this provider reads, without the {@code revocationStore.} prefix;
     * any other sub-parameter is refused as unknown at start-up. The shared-store options of {@link
     * SharedRevocationStore.Options#PARAMETERS} are allowed too when listed here.
     *
     * @return the sub-parameter names
     */
    Set<String> parameters();

    /**
     * Creates the store. It must not fail because its server is down at start-up (it then answers
     * with {@link RevocationStoreException} until the server is back); it fails for a bad setting.
     *
     * @param settings the sub-parameters, with helpers that name the offending init-param
     * @return the store; the filter closes it in {@code destroy()}
     * @throws dev.jwtauthfilter.config.ConfigException for a missing or invalid setting
     */
    RevocationStore create(RevocationStoreSettings settings);
}

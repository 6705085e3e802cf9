package dev.jwtauthfilter.testsupport;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreProvider;
import dev.jwtauthfilter.revocation.RevocationStoreSettings;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A store provider found through {@code META-INF/services} on the test class path, selected by
 * {@code revocationStore=recording}: it shows what the filter handed it and whether it was closed.
 */
public final class RecordingStoreProvider implements RevocationStoreProvider {
    public static final String NAME = "recording";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("greeting", "password", "size");
    }

    @Override
    public RevocationStore create(RevocationStoreSettings settings) {
        return new RecordingStore(
                settings.value("greeting"), settings.secretOrReference("password"), settings.integer("size", 7, 1, 10));
    }

    /** Delegates to an in-memory store and remembers its settings and whether it was closed. */
    public static final class RecordingStore implements RevocationStore {
        private final InMemoryRevocationStore delegate = new InMemoryRevocationStore();
        public final Optional<String> greeting;
        public final Optional<String> password;
        public final int size;
        public volatile boolean closed;

        RecordingStore(Optional<String> greeting, Optional<String> password, int size) {
            this.greeting = greeting;
            this.password = password;
            this.size = size;
        }

        @Override
        public boolean isRevoked(TokenIdentity token) {
            return delegate.isRevoked(token);
        }

        @Override
        public void revoke(String issuer, String jwtId, Instant expiresAt) {
            delegate.revoke(issuer, jwtId, expiresAt);
        }

        @Override
        public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
            delegate.revokeIssuedBefore(issuer, subject, issuedBefore);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

package dev.jwtauthfilter.sample;

import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.keys.KeySource;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The issuer's ES256 key ring: the current signing key, the next one, and the retired keys whose
 * tokens may still be alive. Keys are generated in memory at start-up and on {@link #rotate()}, never
 * written to disk, so a restart invalidates every token, matching the in-memory revocation store,
 * which forgets logouts on restart.
 *
 * <p>The next key is published in the JWKS before it signs anything, so a verifier that fetched the
 * JWKS before a rotation already knows the key tokens are signed with after it. A retired key stays
 * published (and verifying) for one access-token lifetime plus the verifiers' leeway.
 *
 * <p>It is also the filter's {@link KeySource}: tokens are verified with the key their {@code kid}
 * names, so tokens signed before a rotation keep working until they expire.
 */
final class SigningKeys implements KeySource {
    private record SigningKey(String kid, ECPublicKey publicKey, Algorithm signer, Instant retiredAt) {}

    /** Replaced whole, never mutated. */
    private record Ring(SigningKey current, SigningKey next, List<SigningKey> retired) {}

    private final Clock clock;
    private final Duration keepRetired;
    private volatile Ring ring;

    SigningKeys(Clock clock, Duration keepRetired) {
        this.clock = clock;
        this.keepRetired = keepRetired;
        this.ring = new Ring(generate(), generate(), List.of());
    }

    /** Makes the published next key current and publishes a new next key; the old one only verifies. */
    synchronized void rotate() {
        Instant now = clock.instant();
        List<SigningKey> retired = new ArrayList<>();
        retired.add(withRetired(ring.current(), now));
        ring.retired().stream().filter(k -> stillPublished(k, now)).forEach(retired::add);
        ring = new Ring(ring.next(), generate(), List.copyOf(retired));
    }

    /** The algorithm that signs new tokens; it puts the current {@code kid} in their header. */
    Algorithm signer() {
        return ring.current().signer();
    }

    String currentKeyId() {
        return ring.current().kid();
    }

    @Override
    public Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm) {
        if (keyId == null || algorithm != JwsAlgorithm.ES256) {
            return Optional.empty();
        }
        return live().stream().filter(k -> k.kid().equals(keyId)).findFirst().map(SigningKey::publicKey);
    }

    /** The public keys as a JWKS document (RFC 7517). */
    String jwksJson() {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        List<SigningKey> live = live();
        for (int i = 0; i < live.size(); i++) {
            ECPublicKey key = live.get(i).publicKey();
            json.append(i == 0 ? "" : ",")
                    .append("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"")
                    .append(coordinate(key.getW().getAffineX()))
                    .append("\",\"y\":\"")
                    .append(coordinate(key.getW().getAffineY()))
                    .append("\",\"kid\":\"")
                    .append(live.get(i).kid())
                    .append("\",\"alg\":\"ES256\",\"use\":\"sig\"}");
        }
        return json.append("]}").toString();
    }

    /** Current, next, and retired keys whose tokens may still be alive. */
    private List<SigningKey> live() {
        Ring r = ring;
        Instant now = clock.instant();
        List<SigningKey> live = new ArrayList<>(List.of(r.current(), r.next()));
        r.retired().stream().filter(k -> stillPublished(k, now)).forEach(live::add);
        return live;
    }

    private boolean stillPublished(SigningKey retired, Instant now) {
        return !retired.retiredAt().plus(keepRetired).isBefore(now);
    }

    private static SigningKey withRetired(SigningKey key, Instant at) {
        return new SigningKey(key.kid(), key.publicKey(), key.signer(), at);
    }

    private static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            String kid = thumbprint(publicKey);
            Algorithm signer =
                    Algorithm.ECDSA256(new FixedKeyProvider(publicKey, (ECPrivateKey) pair.getPrivate(), kid));
            return new SigningKey(kid, publicKey, signer, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate a P-256 key", e);
        }
    }

    /** The RFC 7638 JWK thumbprint, a {@code kid} that names the key itself. */
    private static String thumbprint(ECPublicKey key) throws GeneralSecurityException {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
                + coordinate(key.getW().getAffineY()) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** A P-256 coordinate as exactly 32 big-endian bytes, base64url (RFC 7518 §6.2.1.2). */
    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** Lets java-jwt put the {@code kid} header on every token this key signs. */
    private record FixedKeyProvider(ECPublicKey publicKey, ECPrivateKey privateKey, String kid)
            implements com.auth0.jwt.interfaces.ECDSAKeyProvider {
        @Override
        public ECPublicKey getPublicKeyById(String keyId) {
            return publicKey;
        }

        @Override
        public ECPrivateKey getPrivateKey() {
            return privateKey;
        }

        @Override
        public String getPrivateKeyId() {
            return kid;
        }
    }
}

package dev.jwtauthfilter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Loads the test-only keys under src-test-resources/keys (on the test class path as /keys/...). */
public final class TestKeys {
    public static final String RSA = "test-only-rsa-2048";
    public static final String RSA_OTHER = "test-only-rsa-other";
    public static final String RSA_1024 = "test-only-rsa-1024";
    public static final String EC_P256 = "test-only-ec-p256";
    public static final String EC_P384 = "test-only-ec-p384";
    public static final String HMAC_FILE = "/keys/test-only-hmac-64-bytes.txt";
    public static final String HMAC_TOO_SHORT_FILE = "/keys/test-only-hmac-too-short.txt";

    private TestKeys() {}

    public static PublicKey publicKey(String name) {
        byte[] der = pem(resourceText("/keys/" + name + "-public.pem"));
        return generate(name, true, der);
    }

    public static PrivateKey privateKey(String name) {
        byte[] der = pem(resourceText("/keys/" + name + "-private.pem"));
        return generate(name, false, der);
    }

    /** The 64-byte HMAC secret, as the filter reads it from file: (trailing newline trimmed). */
    public static byte[] hmacSecret() {
        return resourceText(HMAC_FILE).strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Absolute file path of a resource, for file: references. */
    public static Path resourcePath(String resource) {
        try {
            return Path.of(TestKeys.class.getResource(resource).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String resourceText(String resource) {
        try (InputStream in = TestKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pem(String text) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static <K> K generate(String name, boolean isPublic, byte[] der) {
        String alg = name.contains("-ec-") ? "EC" : "RSA";
        try {
            KeyFactory kf = KeyFactory.getInstance(alg);
            @SuppressWarnings("unchecked")
            K key = (K)
                    (isPublic
                            ? kf.generatePublic(new X509EncodedKeySpec(der))
                            : kf.generatePrivate(new PKCS8EncodedKeySpec(der)));
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

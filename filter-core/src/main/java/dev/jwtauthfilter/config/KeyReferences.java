package dev.jwtauthfilter.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the {@code secret} and {@code publicKey} references. Messages say where the key was
 * looked for, never what it holds.
 */
final class KeyReferences {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final UnaryOperator<String> env;
    private final UnaryOperator<String> sysprops;
    private final ClassLoader classLoader;

    KeyReferences(UnaryOperator<String> env, UnaryOperator<String> sysprops, ClassLoader classLoader) {
        this.env = env;
        this.sysprops = sysprops;
        this.classLoader = classLoader;
    }

    byte[] secret(String ref) {
        String p = InitParams.SECRET;
        if (ref.startsWith("env:")) {
            return utf8(p, "environment variable", ref.substring(4), env);
        }
        if (ref.startsWith("sysprop:")) {
            return utf8(p, "system property", ref.substring(8), sysprops);
        }
        if (ref.startsWith("file:")) {
            return trimNewline(readFile(p, ref.substring(5)));
        }
        throw new ConfigException(
                p, "must be a reference env:NAME, sysprop:NAME or file:/path; literal secrets are refused");
    }

    List<PublicKey> publicKeys(String ref) {
        String p = InitParams.PUBLIC_KEY;
        byte[] pem;
        if (ref.startsWith("file:")) {
            pem = readFile(p, ref.substring(5));
        } else if (ref.startsWith("classpath:")) {
            pem = readClasspath(ref.substring(10));
        } else if (ref.startsWith("env:")) {
            pem = utf8(p, "environment variable", ref.substring(4), env);
        } else {
            throw new ConfigException(p, "must be a reference file:/path, classpath:/path or env:NAME to a PEM key");
        }
        return parsePem(new String(pem, StandardCharsets.US_ASCII));
    }

    private static byte[] utf8(String param, String kind, String name, UnaryOperator<String> lookup) {
        if (name.isEmpty()) {
            throw new ConfigException(param, "names no " + kind);
        }
        String value = lookup.apply(name);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(param, "refers to the " + kind + " " + name + ", which is not set or empty");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readFile(String param, String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    param,
                    "refers to the file " + path + ", which cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] readClasspath(String path) {
        String resource = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(
                        InitParams.PUBLIC_KEY, "refers to the class-path resource " + path + ", which does not exist");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException(
                    InitParams.PUBLIC_KEY, "refers to the class-path resource " + path + ", which cannot be read");
        }
    }

    private static byte[] trimNewline(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }

    /** Every PEM block in the text, so that one file can carry e.g. an RSA and an EC key. */
    static List<PublicKey> parsePem(String text) {
        Matcher m = PEM.matcher(text);
        List<PublicKey> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(parseBlock(m.group(1), m.group(2)));
        }
        if (keys.isEmpty()) {
            throw new ConfigException(
                    InitParams.PUBLIC_KEY, "holds no PEM block; expected BEGIN PUBLIC KEY or BEGIN CERTIFICATE");
        }
        return keys;
    }

    private static PublicKey parseBlock(String type, String base64) {
        String p = InitParams.PUBLIC_KEY;
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p, "holds a PEM block that is not valid base64");
        }
        switch (type) {
            case "PUBLIC KEY":
                return spki(der);
            case "CERTIFICATE":
                return certificate(der);
            default:
                throw new ConfigException(
                        p,
                        "holds a PEM block of type '" + type + "'; expected BEGIN PUBLIC KEY (SPKI) or BEGIN"
                                + " CERTIFICATE"
                                + (type.contains("PRIVATE") ? " (never give the filter a private key)" : ""));
        }
    }

    private static PublicKey spki(byte[] der) {
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this key type; try the next one
            }
        }
        throw new ConfigException(InitParams.PUBLIC_KEY, "holds a public key that is neither RSA nor EC");
    }

    private static PublicKey certificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(InitParams.PUBLIC_KEY, "holds a certificate that cannot be parsed");
        }
    }
}

package dev.jwtauthfilter.sample.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The sample's {@code /.well-known/jwks.json}, read independently of the app's own code. */
final class Jwks {
    private final List<JsonNode> keys;

    Jwks(JsonNode document) {
        List<JsonNode> found = new ArrayList<>();
        document.path("keys").forEach(found::add);
        this.keys = List.copyOf(found);
    }

    List<JsonNode> keys() {
        return keys;
    }

    List<String> kids() {
        return keys.stream().map(k -> k.path("kid").asText()).toList();
    }

    Optional<JsonNode> key(String kid) {
        return keys.stream().filter(k -> kid.equals(k.path("kid").asText())).findFirst();
    }

    /** Builds the P-256 public key from a JWK's {@code x} and {@code y} (RFC 7518 section 6.2.1). */
    static ECPublicKey p256PublicKey(JsonNode jwk) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(coordinate(jwk, "x"), coordinate(jwk, "y"));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a usable P-256 JWK: " + jwk, e);
        }
    }

    private static BigInteger coordinate(JsonNode jwk, String name) {
        byte[] bytes = Base64.getUrlDecoder().decode(jwk.path(name).asText());
        if (bytes.length != 32) {
            throw new AssertionError("P-256 coordinate " + name + " must be 32 bytes, was " + bytes.length);
        }
        return new BigInteger(1, bytes);
    }
}

package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.audit.LoggingAuditListener;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code auditListener} init-param: class names loaded from the web application. */
class AuditListenerParamTest {
    private static final String PREFIX = "Invalid JwtAuthFilter configuration: init-param 'auditListener' ";

    private final InitParamParser parser =
            InitParamParser.with(name -> null, name -> null, AuditListenerParamTest.class.getClassLoader());

    /** A listener an application would write; public with a public no-arg constructor. */
    public static final class CountingListener implements AuthAuditListener {
        /** Needed by the filter to create it. */
        public CountingListener() {}

        @Override
        public void onDecision(AuthDecision decision) {}
    }

    /** Has no no-arg constructor. */
    public static final class NeedsSettings implements AuthAuditListener {
        /** Not usable from an init-param. */
        public NeedsSettings(String settings) {}

        @Override
        public void onDecision(AuthDecision decision) {}
    }

    /** Its constructor fails. */
    public static final class Broken implements AuthAuditListener {
        /** Throws, as a listener whose own configuration is missing would. */
        public Broken() {
            throw new IllegalStateException("audit sink not configured");
        }

        @Override
        public void onDecision(AuthDecision decision) {}
    }

    @Test
    void parseCreatesEachNamedListenerInOrder() {
        JwtAuthConfig config = parser.parse(
                        params(LoggingAuditListener.class.getName() + ", " + CountingListener.class.getName()))
                .build();

        List<AuthAuditListener> listeners = config.auditListeners();
        assertEquals(2, listeners.size());
        assertInstanceOf(LoggingAuditListener.class, listeners.get(0));
        assertInstanceOf(CountingListener.class, listeners.get(1));
    }

    @Test
    void parseWithoutTheParamGivesNoListener() {
        Map<String, String> params = params("x");
        params.remove("auditListener");

        assertEquals(List.of(), parser.parse(params).build().auditListeners());
    }

    @Test
    void parseWhenClassCannotBeLoadedThenRefusedNamingTheParamAndTheClass() {
        ConfigException e = refused("com.example.NoSuchAuditListener");

        assertTrue(
                e.getMessage()
                        .startsWith(PREFIX + "names the class 'com.example.NoSuchAuditListener', which the web"
                                + " application cannot load"),
                e.getMessage());
    }

    @Test
    void parseWhenClassIsNotAnAuditListenerThenRefused() {
        ConfigException e = refused("java.lang.String");

        assertEquals(
                PREFIX + "names the class 'java.lang.String', which does not implement "
                        + AuthAuditListener.class.getName(),
                e.getMessage());
    }

    @Test
    void parseWhenClassHasNoNoArgConstructorThenRefused() {
        ConfigException e = refused(NeedsSettings.class.getName());

        assertTrue(e.getMessage().contains("could not be created with a public no-arg constructor"), e.getMessage());
    }

    @Test
    void parseWhenConstructorThrowsThenRefusedWithItsReason() {
        ConfigException e = refused(Broken.class.getName());

        assertTrue(e.getMessage().contains("audit sink not configured"), e.getMessage());
    }

    private ConfigException refused(String className) {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(params(className)));
        assertEquals("auditListener", e.parameter());
        return e;
    }

    private static Map<String, String> params(String auditListener) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("issuer", TestTokens.ISSUER);
        p.put("audience", TestTokens.AUDIENCE);
        p.put("algorithms", "RS256");
        p.put("publicKey", "classpath:/keys/test-only-rsa-2048-public.pem");
        p.put("auditListener", auditListener);
        return p;
    }
}

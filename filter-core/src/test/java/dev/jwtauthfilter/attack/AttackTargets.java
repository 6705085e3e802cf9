package dev.jwtauthfilter.attack;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts each {@link AttackTarget} on first use and keeps it in the root store, so every attack
 * class in the run shares one Jetty and one Tomcat; JUnit closes them when the run ends. Resolves a
 * parameter of type {@code AttackTargets} for the suite's set-up method.
 */
final class AttackTargets implements ParameterResolver, AutoCloseable {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AttackTargets.class);

    private final Map<AttackTarget.Container, AttackTarget> started = new EnumMap<>(AttackTarget.Container.class);

    /** Used by JUnit as the extension; the instance in the root store is the one holding servers. */
    public AttackTargets() {}

    synchronized AttackTarget get(AttackTarget.Container kind) throws Exception {
        AttackTarget target = started.get(kind);
        if (target == null) {
            target = AttackTarget.start(kind);
            started.put(kind, target);
        }
        return target;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AttackTargets.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(AttackTargets.class, k -> new AttackTargets(), AttackTargets.class);
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (AttackTarget target : started.values()) {
            try {
                target.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}

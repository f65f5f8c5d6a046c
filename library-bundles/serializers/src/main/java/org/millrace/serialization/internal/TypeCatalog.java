package org.millrace.serialization.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;

/** Factories by type name, case-insensitive, as the whiteboard registers and withdraws them. */
final class TypeCatalog<F> {
    private final String kind;
    private final Map<String, F> byType = new ConcurrentHashMap<>();

    /**
     * @param kind what the factories make, for messages (e.g. {@code serializer})
     */
    TypeCatalog(String kind) {
        this.kind = kind;
    }

    void add(F factory, List<String> types) {
        types.forEach(t -> byType.put(t.toLowerCase(Locale.ROOT), factory));
    }

    void remove(F factory) {
        byType.values().removeIf(f -> f == factory);
    }

    /**
     * The factory of the type {@code property} names, or {@code defaultType} if it is unset.
     *
     * @throws ConfigurationException marked as a missing type if no installed bundle provides it
     */
    F factory(ComponentConfig config, String property, String defaultType) throws ConfigurationException {
        String configured = config.get(property);
        String type = configured == null || configured.isEmpty() ? defaultType : configured;
        F factory = byType.get(type.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new ConfigurationException(ConfigProblem.typeNotInstalled(config.key(property), type, kind));
        }
        return factory;
    }
}

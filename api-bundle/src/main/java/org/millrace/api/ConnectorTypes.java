package org.millrace.api;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Service properties a connector factory registers with. */
public final class ConnectorTypes {

    /**
     * Service property listing the type names a factory answers to: Flume's alias ({@code netcat}) and, where
     * Flume configs may name a class, its class name ({@code org.apache.flume.source.NetcatSource}). Matching is
     * case-insensitive, as Flume's alias lookup is. Plug-ins of connectors (serializers, sink selectors) register
     * with it too.
     */
    public static final String TYPE = "millrace.type";

    private ConnectorTypes() {
    }

    /**
     * The type names a {@value #TYPE} property value lists (a string, an array or a collection of them), trimmed
     * and in lower case, as they are matched.
     */
    public static List<String> names(Object property) {
        Stream<?> values = property instanceof String s ? Stream.of(s)
                : property instanceof String[] a ? Stream.of(a)
                : property instanceof Collection<?> c ? c.stream() : Stream.empty();
        return values.map(v -> String.valueOf(v).trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
                .toList();
    }
}

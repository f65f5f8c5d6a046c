package org.millrace.karaf.installer.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.features.Capability;
import org.apache.karaf.features.Feature;
import org.osgi.framework.Version;

/**
 * Which feature provides which connector type, from the {@value #NAMESPACE} capabilities features declare, e.g.
 * {@code millrace.connector;kind=source;types="netcat,org.apache.flume.source.NetcatSource"}. Type names match
 * case-insensitively, as the platform matches them; of two features declaring a type, the higher version wins.
 * {@code types="*"} declares every class name of that kind that no feature declares by name (a type with a dot):
 * the Flume plugins feature, which looks for such classes among the plugins the user installed.
 */
final class ConnectorIndex {
    static final String NAMESPACE = "millrace.connector";
    /** The types value that stands for any class name. */
    static final String ANY_CLASS = "*";

    private final Map<String, Feature> byType = new HashMap<>();

    ConnectorIndex(Feature... features) {
        for (Feature feature : features) {
            for (Capability capability : feature.getCapabilities()) {
                Map<String, String> attributes = attributes(capability.getValue());
                if (attributes == null || attributes.get("kind") == null || attributes.get("types") == null) {
                    continue;
                }
                for (String type : attributes.get("types").split(",")) {
                    byType.merge(key(attributes.get("kind"), type), feature, ConnectorIndex::newer);
                }
            }
        }
    }

    /** The feature that declares a type of a kind ({@code source}, {@code sink processor}...). */
    Optional<Feature> featureOf(String kind, String type) {
        Feature named = byType.get(key(kind, type));
        return Optional.ofNullable(named != null || !type.contains(".") ? named : byType.get(key(kind, ANY_CLASS)));
    }

    /** {@code kind:type} in lower case: how a type is matched. */
    static String key(String kind, String type) {
        return kind.trim().toLowerCase(Locale.ROOT) + ":" + type.trim().toLowerCase(Locale.ROOT);
    }

    private static Feature newer(Feature a, Feature b) {
        return Version.parseVersion(a.getVersion()).compareTo(Version.parseVersion(b.getVersion())) >= 0 ? a : b;
    }

    /**
     * The attributes of a capability of {@value #NAMESPACE} ({@code key=value} or {@code key="value"} after the
     * namespace, separated by semicolons), or {@code null} for a capability of another namespace.
     */
    static Map<String, String> attributes(String capability) {
        List<String> clauses = split(capability);
        if (clauses.isEmpty() || !clauses.get(0).trim().equals(NAMESPACE)) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        for (String clause : clauses.subList(1, clauses.size())) {
            int eq = clause.indexOf('=');
            if (eq > 0) {
                String value = clause.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                attributes.put(clause.substring(0, eq).trim(), value);
            }
        }
        return attributes;
    }

    /** Splits at semicolons outside quotes. */
    private static List<String> split(String header) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}

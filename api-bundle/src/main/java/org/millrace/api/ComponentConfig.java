package org.millrace.api;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One component's configuration, as Flume keys and string values, with a typed view for connectors.
 *
 * <p>A connector declares its properties once, as an annotation interface (the same one its
 * {@code @ObjectClassDefinition} documents) with Flume's names and defaults, and reads them with
 * {@link #as(Class)}. Method names map to keys as Declarative Services maps them: {@code _} is {@code .},
 * {@code $_$} is {@code -}, {@code __} is {@code _}, {@code $$} is {@code $}; so {@code sink_directory()} reads
 * {@code sink.directory} and {@code max$_$line$_$length()} reads {@code max-line-length}. A method without a
 * default is a required property.
 */
public final class ComponentConfig {
    private final String agentName;
    private final String componentName;
    private final String type;
    private final String keyPrefix;
    private final Map<String, String> properties;

    /**
     * @param agentName the agent, e.g. {@code a1}
     * @param componentName the component, e.g. {@code r1}
     * @param type the configured type, e.g. {@code netcat}
     * @param keyPrefix what turns a property name into the full Flume key, e.g. {@code a1.sources.r1.}
     * @param properties property names (without prefix) to values
     */
    public ComponentConfig(String agentName, String componentName, String type, String keyPrefix,
            Map<String, String> properties) {
        this.agentName = Objects.requireNonNull(agentName);
        this.componentName = Objects.requireNonNull(componentName);
        this.type = Objects.requireNonNull(type);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The agent name. */
    public String agentName() {
        return agentName;
    }

    /** The component name. */
    public String componentName() {
        return componentName;
    }

    /** The configured type alias or class name. */
    public String type() {
        return type;
    }

    /** Every property, names without the key prefix. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The trimmed value of a property, or {@code null}. */
    public String get(String property) {
        String value = properties.get(property);
        return value == null ? null : value.trim();
    }

    /** The full Flume key of a property, for messages: {@code a1.sources.r1.port}. */
    public String key(String property) {
        return keyPrefix + property;
    }

    /** A problem with a property, quoting its current value. */
    public ConfigProblem problem(String property, String reason) {
        return new ConfigProblem(key(property), get(property), reason);
    }

    /**
     * The properties under {@code prefix} (e.g. {@code serializers.s1.}), prefix removed, as a config whose keys
     * still print in full.
     */
    public ComponentConfig subset(String prefix) {
        Map<String, String> sub = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                sub.put(k.substring(prefix.length()), v);
            }
        });
        return new ComponentConfig(agentName, componentName, type, keyPrefix + prefix, sub);
    }

    /**
     * A typed view: an instance of the annotation interface {@code spec} whose methods return the converted
     * values. Every property is converted at once, so one exception names every problem.
     *
     * @throws ConfigurationException listing each missing required property and each value that does not convert
     */
    public <C> C as(Class<C> spec) throws ConfigurationException {
        if (!spec.isInterface()) {
            throw new IllegalArgumentException(spec + " is not an interface");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Method method : spec.getMethods()) {
            if (method.getDeclaringClass() != spec || Modifier.isStatic(method.getModifiers())
                    || method.getParameterCount() != 0) {
                continue;
            }
            String property = propertyName(method.getName());
            String raw = get(property);
            if (raw == null || raw.isEmpty()) {
                Object fallback = method.getDefaultValue();
                if (fallback == null) {
                    problems.add(new ConfigProblem(key(property), raw, "required property is missing"));
                } else {
                    values.put(method.getName(), fallback);
                }
                continue;
            }
            try {
                values.put(method.getName(), convert(raw, method.getReturnType()));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key(property), raw, e.getMessage()));
            }
        }
        ConfigurationException.throwIfAny(problems);
        return spec.cast(Proxy.newProxyInstance(spec.getClassLoader(), new Class<?>[] {spec},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> spec.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    case "annotationType" -> spec;
                    default -> values.get(method.getName());
                }));
    }

    /** The property a method of a typed view reads, by the Declarative Services name mapping. */
    public static String propertyName(String methodName) {
        StringBuilder out = new StringBuilder(methodName.length());
        int n = methodName.length();
        for (int i = 0; i < n; i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$_$", i)) {
                    out.append('-');
                    i += 2;
                } else if (i + 1 < n && methodName.charAt(i + 1) == '$') {
                    out.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (i + 1 < n && methodName.charAt(i + 1) == '_') {
                    out.append('_');
                    i++;
                } else {
                    out.append('.');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object convert(String raw, Class<?> type) {
        if (type == String.class) {
            return raw;
        }
        if (type == int.class) {
            return (int) parseLong(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == long.class) {
            return parseLong(raw, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == double.class || type == float.class) {
            try {
                double d = Double.parseDouble(raw);
                return type == double.class ? (Object) d : (Object) (float) d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        }
        if (type == boolean.class) {
            if (raw.equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("must be true or false");
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(raw)) {
                    return constant;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                allowed.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
        }
        if (type.isArray()) {
            String[] parts = raw.split("\\s+");
            Object array = Array.newInstance(type.getComponentType(), parts.length);
            for (int i = 0; i < parts.length; i++) {
                Array.set(array, i, convert(parts[i], type.getComponentType()));
            }
            return array;
        }
        throw new IllegalArgumentException("unsupported property type " + type.getName());
    }

    private static long parseLong(String raw, long min, long max) {
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range " + min + ".." + max);
        }
        return value;
    }

    @Override
    public String toString() {
        return keyPrefix + "* (type " + type + ") " + properties;
    }
}

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One component's configuration, as Flume keys and string values, with a typed view for connectors.
 *
 * <p>A connector declares its properties once, as an annotation interface (the same one its
 * {@code @ObjectClassDefinition} documents) with Flume's names and defaults, and reads them with
 * {@link #as(Class)}. Method names map to keys as Declarative Services maps them: {@code _} is {@code .},
 * {@code $_$} is {@code -}, {@code __} is {@code _}, {@code $$} is {@code $}; so {@code sink_directory()} reads
 * {@code sink.directory} and {@code max$_$line$_$length()} reads {@code max-line-length}. A method without a
 * default is a required property. The limits its {@code @AttributeDefinition}s declare ({@code min}, {@code max},
 * {@code options}) are enforced here, from the Metatype document bnd generates, and so is {@link AtMost} between two
 * properties, so no factory restates them.
 *
 * <p>The config remembers which properties the component declared, through {@link #as(Class)},
 * {@link #get(String)} and {@link #passThrough(String)}; after the factory has built the component, the
 * platform reports every other key as one the component ignores ({@link #ignoredProperties()}).
 */
public final class ComponentConfig {
    private final String agentName;
    private final String componentName;
    private final String type;
    private final String keyPrefix;
    private final Map<String, String> properties;
    /** Where this view sits under the component's own properties: "" for the component, e.g. "selector." below. */
    private final String viewPrefix;
    /** Property names (from the component's root) the component declared, shared by every view of it. */
    private final Set<String> declared;
    /** Prefixes (from the root) under which the component takes any key. */
    private final Set<String> passedThrough;
    /** A deprecated prefix each property of this view may also be written under, or "". */
    private final String legacyPrefix;

    /**
     * @param agentName the agent, e.g. {@code a1}
     * @param componentName the component, e.g. {@code r1}
     * @param type the configured type, e.g. {@code netcat}
     * @param keyPrefix what turns a property name into the full Flume key, e.g. {@code a1.sources.r1.}
     * @param properties property names (without prefix) to values
     */
    public ComponentConfig(String agentName, String componentName, String type, String keyPrefix,
            Map<String, String> properties) {
        this(agentName, componentName, type, keyPrefix, properties, "", ConcurrentHashMap.newKeySet(),
                ConcurrentHashMap.newKeySet(), "");
    }

    private ComponentConfig(String agentName, String componentName, String type, String keyPrefix,
            Map<String, String> properties, String viewPrefix, Set<String> declared, Set<String> passedThrough,
            String legacyPrefix) {
        this.agentName = Objects.requireNonNull(agentName);
        this.componentName = Objects.requireNonNull(componentName);
        this.type = Objects.requireNonNull(type);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.viewPrefix = viewPrefix;
        this.declared = declared;
        this.passedThrough = passedThrough;
        this.legacyPrefix = legacyPrefix;
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

    /** {@code agent/component}, as components prefix their log lines. */
    public String label() {
        return agentName + "/" + componentName;
    }

    /** Every property, names without the key prefix. Reading them here declares none of them. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The trimmed value of a property, or {@code null}; declares the property. */
    public String get(String property) {
        declare(property);
        String value = properties.get(property);
        return value == null ? null : value.trim();
    }

    private void declare(String property) {
        declared.add(viewPrefix + property);
        if (!legacyPrefix.isEmpty()) {
            declared.add(viewPrefix + legacyPrefix + property);
        }
    }

    /**
     * A view in which each property may also be written under a deprecated prefix Flume still reads (e.g.
     * {@code org.apache.flume.channel.jdbc.driver.url} for {@code driver.url}); the plain key wins.
     */
    public ComponentConfig withLegacyPrefix(String prefix) {
        Map<String, String> merged = new LinkedHashMap<>(under(prefix));
        properties.forEach((k, v) -> {
            if (!k.startsWith(prefix)) {
                merged.put(k, v);
            }
        });
        return new ComponentConfig(agentName, componentName, type, keyPrefix, merged, viewPrefix, declared,
                passedThrough, prefix);
    }

    /**
     * The config of a component this one builds from its own keys (e.g. the overflow file channel of a spillable
     * memory channel): same agent, name and key prefix, so problems name the user's keys, and what the inner
     * component declares counts as declared by this one.
     */
    public ComponentConfig inner(String innerType, Map<String, String> innerProperties) {
        return new ComponentConfig(agentName, componentName, innerType, keyPrefix, innerProperties, viewPrefix,
                declared, passedThrough, legacyPrefix);
    }

    /** The full Flume key of a property, for messages: {@code a1.sources.r1.port}. */
    public String key(String property) {
        return keyPrefix + property;
    }

    /** A problem with a property, quoting its current value. */
    public ConfigProblem problem(String property, String reason) {
        return new ConfigProblem(key(property), properties.get(property) == null ? null
                : properties.get(property).trim(), reason);
    }

    /**
     * The properties under {@code prefix} (e.g. {@code serializer.}), prefix removed, as a config whose keys still
     * print in full: a sub-view to read with {@link #as(Class)} or {@link #get(String)}.
     */
    public ComponentConfig subset(String prefix) {
        return new ComponentConfig(agentName, componentName, type, keyPrefix + prefix, under(prefix),
                viewPrefix + prefix, declared, passedThrough, "");
    }

    /**
     * The properties under {@code prefix}, prefix removed, taken as they are: a documented group of keys the
     * component hands on without reading them one by one (e.g. {@code kafka.producer.*}). Every key under the
     * prefix counts as declared.
     */
    public Map<String, String> passThrough(String prefix) {
        passedThrough.add(viewPrefix + prefix);
        if (!legacyPrefix.isEmpty()) {
            passedThrough.add(viewPrefix + legacyPrefix + prefix);
        }
        return under(prefix);
    }

    private Map<String, String> under(String prefix) {
        Map<String, String> sub = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                sub.put(k.substring(prefix.length()), v);
            }
        });
        return sub;
    }

    /**
     * The keys set for this component that it did not declare: Flume would ignore them silently; the platform
     * reports each as a warning, with the declared property nearest in spelling (a likely typo). Meaningful
     * once the factory has built the component.
     */
    public List<ConfigProblem> ignoredProperties() {
        List<ConfigProblem> out = new ArrayList<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String name = viewPrefix + e.getKey();
            if (declared.contains(name) || passedThrough.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String nearest = Spelling.nearest(name, declared);
            out.add(new ConfigProblem(key(e.getKey()), e.getValue(), "not a property of " + type + "; ignored"
                    + (nearest == null ? "" : " (did you mean " + nearest + "?)")));
        }
        return out;
    }

    /**
     * A typed view: an instance of the annotation interface {@code spec} whose methods return the converted
     * values. Every property is converted and checked against its declared limits at once, so one exception
     * names every problem. Declares every property of {@code spec}.
     *
     * @throws ConfigurationException listing each missing required property, each value that does not convert
     *     and each value outside its declared limits
     */
    public <C> C as(Class<C> spec) throws ConfigurationException {
        if (!spec.isInterface()) {
            throw new IllegalArgumentException(spec + " is not an interface");
        }
        Map<String, AttributeLimits.Limit> limits = AttributeLimits.of(spec);
        Map<String, Object> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Method method : properties(spec, limits)) {
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
                Object value = convert(raw, method.getReturnType());
                String broken = outOfLimits(limits.get(property), value);
                if (broken != null) {
                    problems.add(new ConfigProblem(key(property), raw, broken));
                }
                values.put(method.getName(), value);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key(property), raw, e.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            checkAtMost(spec, values, problems);
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

    /** The {@link AtMost} rules of a typed view, on its converted values. */
    private void checkAtMost(Class<?> spec, Map<String, Object> values, List<ConfigProblem> problems) {
        for (Method method : spec.getMethods()) {
            AtMost rule = method.getAnnotation(AtMost.class);
            if (rule == null) {
                continue;
            }
            Method limitMethod = null;
            for (Method m : spec.getMethods()) {
                if (propertyName(m.getName()).equals(rule.value())) {
                    limitMethod = m;
                }
            }
            if (limitMethod == null) {
                throw new IllegalArgumentException(spec + "." + method.getName() + ": @AtMost names no property "
                        + rule.value());
            }
            long value = ((Number) values.get(method.getName())).longValue();
            long limit = ((Number) values.get(limitMethod.getName())).longValue();
            if (value > limit && !(rule.zeroIsUnlimited() && (value == 0 || limit == 0))) {
                String property = propertyName(method.getName());
                problems.add(new ConfigProblem(key(property), String.valueOf(values.get(method.getName())),
                        "cannot be higher than " + rule.value() + " (" + limit + ")"));
            }
        }
    }

    /** The property methods of a typed view, in declaration order where its Metatype document gives it. */
    private static List<Method> properties(Class<?> spec, Map<String, AttributeLimits.Limit> limits) {
        List<String> declared = List.copyOf(limits.keySet());
        List<Method> out = new ArrayList<>();
        for (Method method : spec.getMethods()) {
            if (method.getDeclaringClass() == spec && !Modifier.isStatic(method.getModifiers())
                    && method.getParameterCount() == 0) {
                out.add(method);
            }
        }
        out.sort(java.util.Comparator.comparingInt((Method m) -> {
            int i = declared.indexOf(propertyName(m.getName()));
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Method::getName));
        return out;
    }

    private static String outOfLimits(AttributeLimits.Limit limit, Object value) {
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                String broken = AttributeLimits.check(limit, Array.get(value, i));
                if (broken != null) {
                    return broken;
                }
            }
            return null;
        }
        return AttributeLimits.check(limit, value);
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

package org.millrace.platform.internal.flow;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.millrace.api.ConfigProblem;
import org.millrace.platform.ComponentKind;

/**
 * Reads Flume's agent configuration grammar into a {@link FlowModel}. Every problem becomes one finding with
 * the key, the value and the reason; nothing is thrown. Where Flume silently drops a broken component, the
 * component is refused with an error finding and the rest of the flow stays valid.
 */
public final class FlumeConfigParser {

    /** Config Admin configuration key naming which agent of a multi-agent Flume file to run. */
    public static final String AGENT_NAME_KEY = "flume.agent.name";
    /** Config Admin configuration key naming an external Flume file to run instead of inline keys. */
    public static final String CONFIG_FILE_KEY = "flume.config.file";

    private static final Set<String> SECTIONS = Set.of("sources", "channels", "sinks", "sinkgroups", "configfilters");
    /** Keys Config Admin, Declarative Services and fileinstall add, and Millrace's own; never Flume's. */
    private static final List<String> FOREIGN_KEY_PREFIXES = List.of("service.", "component.", "felix.", "osgi.",
            "flume.", "millrace.", "org.apache.karaf.");

    private FlumeConfigParser() {
    }

    /** Loads a Flume properties file with {@link Properties} semantics (as Flume does), keeping key order. */
    public static Map<String, String> load(Path file) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties properties = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(file.toAbsolutePath().toString(), null,
                    "no such file (paths are relative to " + Path.of("").toAbsolutePath() + ")");
        }
        return ordered;
    }

    /**
     * Parses one agent out of a configuration.
     *
     * @param agentName the agent's name in Millrace
     * @param flumeAgent which Flume agent's keys to read ({@code <flumeAgent>.sources} ...), or {@code null} to
     *     use {@code agentName} if the keys name it, else the only agent the keys name, else unprefixed keys
     * @param raw keys and values; foreign keys (Config Admin's {@code service.pid} and the like) are ignored
     */
    public static FlowModel parse(String agentName, String flumeAgent, Map<String, ?> raw) {
        return new Run(agentName).parse(flumeAgent, raw);
    }

    /** The model of an agent whose Flume file cannot be read: it runs nothing and says why. */
    public static FlowModel unreadable(String agentName, String file, IOException e) {
        return new FlowModel(agentName, "", Map.of(), Map.of(), Map.of(), Map.of(), List.of(new Finding(true, null,
                null, new ConfigProblem(CONFIG_FILE_KEY, file, "cannot read the file: " + e))));
    }

    /** Whether a key is Config Admin's, fileinstall's or Millrace's rather than part of a Flume configuration. */
    public static boolean isForeignKey(String key) {
        return FOREIGN_KEY_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** Splits a Flume list value on whitespace. */
    static List<String> splitList(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    /** One parse: the findings and tables it builds up. */
    private static final class Run {
        private final String agentName;
        private final List<Finding> findings = new ArrayList<>();
        private String prefix = "";
        private final Map<String, String> lists = new LinkedHashMap<>();
        /** section -> component name -> property -> value. */
        private final Map<String, Map<String, Map<String, String>>> props = new LinkedHashMap<>();

        Run(String agentName) {
            this.agentName = agentName;
            SECTIONS.forEach(s -> props.put(s, new LinkedHashMap<>()));
        }

        FlowModel parse(String flumeAgent, Map<String, ?> raw) {
            Map<String, String> entries = new LinkedHashMap<>();
            raw.forEach((k, v) -> {
                String key = k.trim();
                if (!isForeignKey(key) && v != null) {
                    entries.put(key, String.valueOf(v).trim());
                }
            });
            entries.replaceAll((k, v) -> ValueSubstitution.interpolate(v, entries));
            if (!choosePrefix(flumeAgent, entries)) {
                return model(Map.of(), Map.of(), Map.of(), Map.of());
            }
            entries.forEach(this::file);
            applyConfigFilters();
            Map<String, ComponentSpec> channels = channels();
            Map<String, SourceSpec> sources = sources(channels);
            Map<String, SinkSpec> sinks = sinks(channels);
            Map<String, SinkGroupSpec> groups = sinkGroups(sinks);
            if (channels.isEmpty()) {
                agentError(prefix + "channels", lists.get("channels"), "the agent declares no channel");
            } else if (sources.isEmpty() && sinks.isEmpty()) {
                agentError(prefix + "sources", lists.get("sources"), "the agent declares no source and no sink");
            }
            return model(channels, sources, sinks, groups);
        }

        private FlowModel model(Map<String, ComponentSpec> channels, Map<String, SourceSpec> sources,
                Map<String, SinkSpec> sinks, Map<String, SinkGroupSpec> groups) {
            return new FlowModel(agentName, prefix, channels, sources, sinks, groups, findings);
        }

        private boolean choosePrefix(String flumeAgent, Map<String, String> entries) {
            Set<String> agents = new TreeSet<>();
            for (String key : entries.keySet()) {
                int dot = key.indexOf('.');
                String first = dot < 0 ? key : key.substring(0, dot);
                if (!SECTIONS.contains(first)) {
                    agents.add(first);
                }
            }
            if (flumeAgent != null && !flumeAgent.isBlank()) {
                prefix = flumeAgent.trim() + ".";
                if (!agents.contains(flumeAgent.trim())) {
                    agentError(AGENT_NAME_KEY, flumeAgent, "no key starts with '" + prefix + "'"
                            + (agents.isEmpty() ? "" : "; the configuration names " + String.join(", ", agents)));
                    return false;
                }
            } else if (agents.contains(agentName)) {
                prefix = agentName + ".";
            } else if (agents.size() == 1) {
                prefix = agents.iterator().next() + ".";
            } else if (agents.size() > 1) {
                agentError(AGENT_NAME_KEY, null, "the configuration holds agents " + String.join(", ", agents)
                        + "; set " + AGENT_NAME_KEY + " to the one to run");
                return false;
            }
            return true;
        }

        /** Files one key into the list and property tables. */
        private void file(String key, String value) {
            String rest;
            if (!prefix.isEmpty() && key.startsWith(prefix)) {
                rest = key.substring(prefix.length());
            } else {
                int dot = key.indexOf('.');
                String first = dot < 0 ? key : key.substring(0, dot);
                if (!SECTIONS.contains(first)) {
                    return; // another agent's key, as in a multi-agent Flume file
                }
                rest = key;
            }
            if (value.isEmpty()) {
                warn(null, null, key, null, "empty value; the key is ignored");
                return;
            }
            int dot = rest.indexOf('.');
            String section = dot < 0 ? rest : rest.substring(0, dot);
            if (!SECTIONS.contains(section)) {
                warn(null, null, key, value, "not a Flume agent key (expected sources, channels, sinks, sinkgroups"
                        + " or configfilters after the agent name); ignored");
                return;
            }
            if (dot < 0) {
                lists.put(section, value);
                return;
            }
            int nameEnd = rest.indexOf('.', dot + 1);
            if (nameEnd < 0 || nameEnd == rest.length() - 1) {
                warn(null, null, key, value, "expected " + section + ".<name>.<property>; ignored");
                return;
            }
            String name = rest.substring(dot + 1, nameEnd);
            props.get(section).computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(nameEnd + 1), value);
        }

        /** Flume's configfilters: {@code ${f['key']}} in a value is replaced by what filter {@code f} gives. */
        private void applyConfigFilters() {
            Map<String, UnaryOperator<String>> filters = new LinkedHashMap<>();
            for (String name : declared("configfilters", null)) {
                Map<String, String> p = props.get("configfilters").getOrDefault(name, Map.of());
                String key = prefix + "configfilters." + name + ".type";
                String type = p.get("type");
                UnaryOperator<String> filter;
                try {
                    filter = type == null ? null : ValueSubstitution.create(type, p);
                } catch (IllegalArgumentException e) {
                    String property = e.getMessage().substring(0, e.getMessage().indexOf(':'));
                    warn(null, null, prefix + "configfilters." + name + "." + property, p.get(property),
                            e.getMessage().substring(property.length() + 2) + "; filter ignored");
                    continue;
                }
                if (filter == null) {
                    warn(null, null, key, type, type == null ? "required property is missing; filter ignored"
                            : "unknown config filter type (env and external are supported); filter ignored");
                } else {
                    filters.put(name, filter);
                }
            }
            if (filters.isEmpty()) {
                return;
            }
            for (String section : List.of("sources", "channels", "sinks", "sinkgroups")) {
                props.get(section).values().forEach(p -> p.replaceAll((k, v) -> ValueSubstitution.substitute(v, filters)));
            }
        }

        private Map<String, ComponentSpec> channels() {
            Map<String, ComponentSpec> channels = new LinkedHashMap<>();
            for (String name : declared("channels", ComponentKind.CHANNEL)) {
                Map<String, String> p = new LinkedHashMap<>(props.get("channels").getOrDefault(name, Map.of()));
                String keyPrefix = prefix + "channels." + name + ".";
                String type = requireType(ComponentKind.CHANNEL, name, "channel", keyPrefix, p.remove("type"));
                channels.put(name, new ComponentSpec(name, type, keyPrefix, p));
            }
            return channels;
        }

        private Map<String, SourceSpec> sources(Map<String, ComponentSpec> channels) {
            Map<String, SourceSpec> sources = new LinkedHashMap<>();
            for (String name : declared("sources", ComponentKind.SOURCE)) {
                Map<String, String> p = new LinkedHashMap<>(props.get("sources").getOrDefault(name, Map.of()));
                String keyPrefix = prefix + "sources." + name + ".";
                String type = requireType(ComponentKind.SOURCE, name, "source", keyPrefix, p.remove("type"));
                String channelList = p.remove("channels");
                List<String> wired = new ArrayList<>();
                if (channelList == null) {
                    error(ComponentKind.SOURCE, name, keyPrefix + "channels", null,
                            "required: a source must name the channels it writes to");
                } else {
                    for (String channel : unique(splitList(channelList), keyPrefix + "channels", channelList)) {
                        checkChannel(ComponentKind.SOURCE, name, keyPrefix + "channels", channelList, channel, channels);
                        wired.add(channel);
                    }
                }
                ComponentSpec selector = subComponent(p, "selector.", keyPrefix, "selector", "replicating");
                List<ComponentSpec> interceptors = interceptors(name, keyPrefix, p);
                sources.put(name, new SourceSpec(new ComponentSpec(name, type, keyPrefix, p), wired, selector,
                        interceptors));
            }
            return sources;
        }

        private List<ComponentSpec> interceptors(String source, String keyPrefix, Map<String, String> p) {
            String list = p.remove("interceptors");
            Map<String, Map<String, String>> byName = new LinkedHashMap<>();
            p.entrySet().removeIf(e -> {
                if (!e.getKey().startsWith("interceptors.")) {
                    return false;
                }
                String rest = e.getKey().substring("interceptors.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    byName.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), e.getValue());
                }
                return true;
            });
            List<ComponentSpec> chain = new ArrayList<>();
            List<String> listed = list == null ? List.of() : unique(splitList(list), keyPrefix + "interceptors", list);
            for (String name : listed) {
                Map<String, String> ip = new LinkedHashMap<>(byName.getOrDefault(name, Map.of()));
                String ikp = keyPrefix + "interceptors." + name + ".";
                String type = requireType(ComponentKind.SOURCE, source, "interceptor", ikp, ip.remove("type"));
                chain.add(new ComponentSpec(name, type, ikp, ip));
            }
            byName.keySet().stream().filter(n -> !listed.contains(n)).forEach(n ->
                    warn(ComponentKind.SOURCE, source, keyPrefix + "interceptors." + n + ".type", byName.get(n).get("type"),
                            "interceptor '" + n + "' is not listed in " + keyPrefix + "interceptors; ignored"));
            return chain;
        }

        private Map<String, SinkSpec> sinks(Map<String, ComponentSpec> channels) {
            Map<String, SinkSpec> sinks = new LinkedHashMap<>();
            for (String name : declared("sinks", ComponentKind.SINK)) {
                Map<String, String> p = new LinkedHashMap<>(props.get("sinks").getOrDefault(name, Map.of()));
                String keyPrefix = prefix + "sinks." + name + ".";
                String type = requireType(ComponentKind.SINK, name, "sink", keyPrefix, p.remove("type"));
                String channel = p.remove("channel");
                if (channel == null) {
                    error(ComponentKind.SINK, name, keyPrefix + "channel", null,
                            "required: a sink must name the one channel it drains"
                                    + (p.containsKey("channels") ? " (sinks take 'channel', not 'channels')" : ""));
                    channel = "";
                } else if (splitList(channel).size() != 1) {
                    error(ComponentKind.SINK, name, keyPrefix + "channel", channel, "a sink drains exactly one channel");
                } else {
                    checkChannel(ComponentKind.SINK, name, keyPrefix + "channel", channel, channel, channels);
                }
                sinks.put(name, new SinkSpec(new ComponentSpec(name, type, keyPrefix, p), channel));
            }
            return sinks;
        }

        private Map<String, SinkGroupSpec> sinkGroups(Map<String, SinkSpec> sinks) {
            Map<String, SinkGroupSpec> groups = new LinkedHashMap<>();
            Map<String, String> owner = new LinkedHashMap<>();
            for (String name : declared("sinkgroups", ComponentKind.SINK_GROUP)) {
                Map<String, String> p = new LinkedHashMap<>(props.get("sinkgroups").getOrDefault(name, Map.of()));
                String keyPrefix = prefix + "sinkgroups." + name + ".";
                String memberList = p.remove("sinks");
                if (memberList == null) {
                    memberList = p.remove("processor.sinks"); // the user guide's load_balance table spells it so
                }
                List<String> members = new ArrayList<>();
                if (memberList == null) {
                    error(ComponentKind.SINK_GROUP, name, keyPrefix + "sinks", null,
                            "required: a sink group must list its sinks");
                } else {
                    for (String sink : unique(splitList(memberList), keyPrefix + "sinks", memberList)) {
                        if (!sinks.containsKey(sink)) {
                            error(ComponentKind.SINK_GROUP, name, keyPrefix + "sinks", memberList,
                                    "sink '" + sink + "' is not declared in " + prefix + "sinks");
                        } else if (owner.containsKey(sink)) {
                            error(ComponentKind.SINK_GROUP, name, keyPrefix + "sinks", memberList,
                                    "sink '" + sink + "' already belongs to sink group '" + owner.get(sink)
                                            + "'; a sink can be in one group only");
                        } else {
                            owner.put(sink, name);
                            members.add(sink);
                        }
                    }
                }
                ComponentSpec processor = subComponent(p, "processor.", keyPrefix, "processor", "default");
                p.keySet().forEach(k -> warn(ComponentKind.SINK_GROUP, name, keyPrefix + k, p.get(k),
                        "not a sink group property (sinks, processor.*); ignored"));
                groups.put(name, new SinkGroupSpec(name, members, processor));
            }
            return groups;
        }

        /** Moves {@code <sub>.*} properties out of {@code p} into a sub-component spec. */
        private ComponentSpec subComponent(Map<String, String> p, String sub, String keyPrefix, String name,
                String defaultType) {
            Map<String, String> sp = new LinkedHashMap<>();
            p.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(sub)) {
                    sp.put(e.getKey().substring(sub.length()), e.getValue());
                    return true;
                }
                return false;
            });
            String type = sp.remove("type");
            return new ComponentSpec(name, type == null ? defaultType : type, keyPrefix + sub, sp);
        }

        /** The names a list key declares, each once; properties of undeclared names are reported. */
        private List<String> declared(String section, ComponentKind kind) {
            String value = lists.get(section);
            List<String> names = value == null ? List.of() : unique(splitList(value), prefix + section, value);
            for (String name : props.get(section).keySet()) {
                if (!names.contains(name)) {
                    Map.Entry<String, String> first = props.get(section).get(name).entrySet().iterator().next();
                    warn(kind, null, prefix + section + "." + name + "." + first.getKey(), first.getValue(),
                            "'" + name + "' is not listed in " + prefix + section + "; its properties are ignored");
                }
            }
            return names;
        }

        private List<String> unique(List<String> names, String key, String value) {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : names) {
                if (!seen.add(name)) {
                    warn(null, null, key, value, "'" + name + "' is listed twice; counted once");
                }
            }
            return new ArrayList<>(seen);
        }

        /** The type, or "" after an error finding refusing the component. */
        private String requireType(ComponentKind kind, String name, String word, String keyPrefix, String type) {
            if (type == null) {
                error(kind, name, keyPrefix + "type", null, "required: every " + word + " needs a type");
                return "";
            }
            return type;
        }

        private void checkChannel(ComponentKind kind, String name, String key, String value, String channel,
                Map<String, ComponentSpec> channels) {
            if (!channels.containsKey(channel)) {
                error(kind, name, key, value, "channel '" + channel + "' is not declared in " + prefix + "channels");
            } else if (findings.stream().anyMatch(f -> f.error() && f.kind() == ComponentKind.CHANNEL
                    && channel.equals(f.component()))) {
                error(kind, name, key, value, "channel '" + channel + "' is refused (see its errors)");
            }
        }

        private void error(ComponentKind kind, String name, String key, String value, String reason) {
            findings.add(new Finding(true, kind, name, new ConfigProblem(key, value, reason)));
        }

        private void agentError(String key, String value, String reason) {
            findings.add(new Finding(true, null, null, new ConfigProblem(key, value, reason)));
        }

        private void warn(ComponentKind kind, String name, String key, String value, String reason) {
            findings.add(new Finding(false, kind, name, new ConfigProblem(key, value, reason)));
        }
    }
}

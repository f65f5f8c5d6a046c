package org.millrace.platform.internal.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.millrace.platform.ComponentKind;

/**
 * An agent's flow as configured: immutable, validated, with the problems validation found. Components with an
 * error finding are refused; the rest can run. Maps keep the order of the configuration's lists.
 *
 * @param agentName the agent's name in Millrace (its configuration's name)
 * @param keyPrefix what prefixes every Flume key of this agent in its file, e.g. {@code a1.} (or empty)
 */
public record FlowModel(String agentName, String keyPrefix, Map<String, ComponentSpec> channels,
        Map<String, SourceSpec> sources, Map<String, SinkSpec> sinks, Map<String, SinkGroupSpec> sinkGroups,
        List<Finding> findings) {

    /** The model; collections are copied. */
    public FlowModel {
        channels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(channels));
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        sinks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sinks));
        sinkGroups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sinkGroups));
        findings = List.copyOf(findings);
    }

    /** A model with no components, e.g. before the first configuration. */
    public static FlowModel empty(String agentName) {
        return new FlowModel(agentName, "", Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    /** Problems that refuse something. */
    public List<Finding> errors() {
        return findings.stream().filter(Finding::error).toList();
    }

    /** Problems that were ignored. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.error()).toList();
    }

    /** Whether nothing of this agent can run (e.g. it declares no channel). */
    public boolean agentRefused() {
        return findings.stream().anyMatch(f -> f.error() && f.kind() == null);
    }

    /** Why this component is refused, or empty if it may run. */
    public Optional<String> refusal(ComponentKind kind, String name) {
        if (agentRefused()) {
            return Optional.of("the agent configuration is invalid");
        }
        String reasons = findings.stream().filter(f -> f.error() && f.kind() == kind && name.equals(f.component()))
                .map(Finding::toString).collect(Collectors.joining("; "));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(reasons);
    }

    /** The group the sink runs in, if any (a sink belongs to at most one group). */
    public Optional<SinkGroupSpec> groupOf(String sink) {
        return sinkGroups.values().stream().filter(g -> g.sinks().contains(sink)).findFirst();
    }

    /** The type of a declared component, or {@code null}. */
    public String typeOf(ComponentKind kind, String name) {
        return switch (kind) {
            case SOURCE -> sources.containsKey(name) ? sources.get(name).component().type() : null;
            case CHANNEL -> channels.containsKey(name) ? channels.get(name).type() : null;
            case SINK -> sinks.containsKey(name) ? sinks.get(name).component().type() : null;
            case SINK_GROUP -> sinkGroups.containsKey(name) ? sinkGroups.get(name).processor().type() : null;
        };
    }
}

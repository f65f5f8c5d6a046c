package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.plan.RunningFlow;

/**
 * The live side of an agent: a node per declared component (and per sink runner), the events kept aside for
 * channels, the tap points. Owned by the agent's control thread.
 */
final class LiveFlow {
    final String agent;
    final Map<String, ChannelNode> channels = new LinkedHashMap<>();
    final Map<String, SourceNode> sources = new LinkedHashMap<>();
    final Map<String, SinkNode> sinks = new LinkedHashMap<>();
    /** By runner key: {@code group <name>} or {@code sink <name>}. */
    final Map<String, RunnerNode> runners = new LinkedHashMap<>();
    final EventHandOff handOff;
    final Taps taps = new Taps();

    LiveFlow(String agent) {
        this.agent = agent;
        this.handOff = new EventHandOff(agent);
    }

    ChannelNode channel(String name) {
        return channels.computeIfAbsent(name, n -> new ChannelNode(agent, n));
    }

    SourceNode source(String name) {
        return sources.computeIfAbsent(name, n -> new SourceNode(agent, n));
    }

    SinkNode sink(String name) {
        return sinks.computeIfAbsent(name, n -> new SinkNode(agent, n));
    }

    RunnerNode runner(String key, String name) {
        return runners.computeIfAbsent(key, k -> new RunnerNode(agent, name));
    }

    /** What runs, for the planner. */
    RunningFlow snapshot() {
        Map<String, RunningFlow.LiveChannel> c = new LinkedHashMap<>();
        channels.forEach((n, node) -> {
            if (node.channel != null) {
                c.put(n, new RunningFlow.LiveChannel(node.spec, node.factory, node.channel, node.refusedInPlace));
            }
        });
        Map<String, RunningFlow.LiveSource> s = new LinkedHashMap<>();
        sources.forEach((n, node) -> {
            if (node.source != null) {
                s.put(n, new RunningFlow.LiveSource(node.spec, node.factory, node.source.resources(), node.route));
            }
        });
        Map<String, RunningFlow.LiveSink> k = new LinkedHashMap<>();
        sinks.forEach((n, node) -> {
            if (node.sink != null) {
                k.put(n, new RunningFlow.LiveSink(node.spec, node.factory, node.sink.resources()));
            }
        });
        Map<String, RunningFlow.LiveRunner> r = new LinkedHashMap<>();
        runners.forEach((key, node) -> {
            if (node.processor != null) {
                r.put(key, new RunningFlow.LiveRunner(node.spec, node.factory));
            }
        });
        return new RunningFlow(c, s, k, r, handOff.counts());
    }

    /** Every declared component's state, with live counters, for callers on any thread. */
    List<StatusBoard.Entry> entries(FlowModel model) {
        List<StatusBoard.Entry> out = new ArrayList<>();
        model.sources().keySet().stream().map(sources::get).filter(java.util.Objects::nonNull).forEach(node ->
                out.add(new StatusBoard.Entry(status(ComponentKind.SOURCE, node), node.counter, node.processor)));
        model.channels().keySet().stream().map(channels::get).filter(java.util.Objects::nonNull).forEach(node ->
                out.add(new StatusBoard.Entry(status(ComponentKind.CHANNEL, node), node.counter, null)));
        model.sinks().keySet().stream().map(sinks::get).filter(java.util.Objects::nonNull).forEach(node ->
                out.add(new StatusBoard.Entry(sinkStatus(node), node.counter, null)));
        model.sinkGroups().keySet().forEach(g -> {
            RunnerNode node = runners.get("group " + g);
            if (node != null) {
                out.add(new StatusBoard.Entry(status(ComponentKind.SINK_GROUP, node), null, null));
            }
        });
        return out;
    }

    private static ComponentStatus status(ComponentKind kind, Node n) {
        return new ComponentStatus(kind, n.name, n.type, n.state, n.reason, n.startTime, n.generation, Map.of(), Set.of());
    }

    /** A started sink whose runner is not driving it waits on it. */
    private ComponentStatus sinkStatus(SinkNode n) {
        ComponentStatus s = status(ComponentKind.SINK, n);
        if (s.state() != ComponentState.RUNNING) {
            return s;
        }
        RunnerNode runner = runners.values().stream().filter(r -> r.spec != null && r.spec.members().contains(n.name))
                .findFirst().orElse(null);
        if (runner != null && runner.runner != null) {
            return s;
        }
        String why = runner == null ? "no runner" : runner.reason;
        return new ComponentStatus(s.kind(), s.name(), s.type(), ComponentState.WAITING, "started, not draining: " + why,
                s.startTime(), s.generation(), Map.of(), Set.of());
    }
}

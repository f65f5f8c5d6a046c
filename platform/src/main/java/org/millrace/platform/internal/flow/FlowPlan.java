package org.millrace.platform.internal.flow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.millrace.platform.ComponentKind;

/**
 * What moving a running flow from one model to the next does to each component: a pure function of the two
 * models. The agent applies it (together with what the installed connectors allow); {@code millrace:diff}
 * prints it without applying it.
 */
public record FlowPlan(List<Step> steps) {

    /** What happens to one component. */
    public enum Action {
        /** Declared now, not before: started. */
        START,
        /** No longer declared: stopped (a channel after its sinks drained it, else its events are kept aside). */
        STOP,
        /** Its own configuration changed: a new instance replaces it (a channel's events are carried over). */
        REPLACE,
        /** A channel's settings changed: applied in place if the channel type allows, else replaced as above. */
        RECONFIGURE,
        /** A source's wiring (channels, selector, interceptors) changed: rewired while it keeps running. */
        REWIRE,
        /** Unchanged: keeps running untouched. */
        KEEP
    }

    /** One component's fate, and why. */
    public record Step(ComponentKind kind, String name, Action action, String why) {
        @Override
        public String toString() {
            return action.name().toLowerCase(java.util.Locale.ROOT) + " " + kind.word() + " " + name
                    + (why == null ? "" : ": " + why);
        }
    }

    /** The plan from {@code running} to {@code next}. */
    public static FlowPlan between(FlowModel running, FlowModel next) {
        List<Step> steps = new ArrayList<>();
        for (String name : union(running.sources().keySet(), next.sources().keySet())) {
            steps.add(source(name, running.sources().get(name), next.sources().get(name)));
        }
        for (String name : union(running.channels().keySet(), next.channels().keySet())) {
            steps.add(channel(name, running.channels().get(name), next.channels().get(name)));
        }
        for (String name : union(running.sinks().keySet(), next.sinks().keySet())) {
            SinkSpec before = running.sinks().get(name);
            SinkSpec after = next.sinks().get(name);
            steps.add(simple(ComponentKind.SINK, name, before, after, before == null || after == null ? null
                    : !before.channel().equals(after.channel()) ? "drains " + after.channel() + " instead of "
                    + before.channel() : changes(before.component(), after.component())));
        }
        for (String name : union(running.sinkGroups().keySet(), next.sinkGroups().keySet())) {
            SinkGroupSpec before = running.sinkGroups().get(name);
            SinkGroupSpec after = next.sinkGroups().get(name);
            steps.add(simple(ComponentKind.SINK_GROUP, name, before, after, before == null || after == null ? null
                    : !before.sinks().equals(after.sinks()) ? "sinks " + after.sinks()
                    : changes(before.processor(), after.processor())));
        }
        return new FlowPlan(List.copyOf(steps));
    }

    /** The steps that change something. */
    public List<Step> changes() {
        return steps.stream().filter(s -> s.action() != Action.KEEP).toList();
    }

    /** One line per step, changes first. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        changes().forEach(s -> out.add(s.toString()));
        steps.stream().filter(s -> s.action() == Action.KEEP).forEach(s -> out.add(s.toString()));
        return out;
    }

    private static Step source(String name, SourceSpec before, SourceSpec after) {
        if (before == null || after == null || !before.component().equals(after.component())) {
            return simple(ComponentKind.SOURCE, name, before, after, before == null || after == null ? null
                    : changes(before.component(), after.component()));
        }
        List<String> wiring = new ArrayList<>();
        if (!before.channels().equals(after.channels())) {
            wiring.add("channels " + after.channels());
        }
        if (!before.selector().equals(after.selector())) {
            wiring.add("selector " + changes(before.selector(), after.selector()));
        }
        if (!before.interceptors().equals(after.interceptors())) {
            wiring.add("interceptors " + after.interceptors().stream().map(i -> i.name() + "(" + i.type() + ")")
                    .toList());
        }
        return new Step(ComponentKind.SOURCE, name, wiring.isEmpty() ? Action.KEEP : Action.REWIRE,
                wiring.isEmpty() ? null : String.join(", ", wiring));
    }

    private static Step channel(String name, ComponentSpec before, ComponentSpec after) {
        if (before == null || after == null || before.equals(after)) {
            return simple(ComponentKind.CHANNEL, name, before, after, null);
        }
        if (!before.type().equals(after.type())) {
            return new Step(ComponentKind.CHANNEL, name, Action.REPLACE, "type " + before.type() + " -> "
                    + after.type() + ", committed events carried over");
        }
        return new Step(ComponentKind.CHANNEL, name, Action.RECONFIGURE, changes(before, after));
    }

    private static Step simple(ComponentKind kind, String name, Object before, Object after, String why) {
        if (before == null) {
            return new Step(kind, name, Action.START, null);
        }
        if (after == null) {
            return new Step(kind, name, Action.STOP, null);
        }
        return before.equals(after) ? new Step(kind, name, Action.KEEP, null) : new Step(kind, name, Action.REPLACE, why);
    }

    /** The properties that differ, as {@code key: old -> new}. */
    private static String changes(ComponentSpec before, ComponentSpec after) {
        List<String> out = new ArrayList<>();
        if (!before.type().equals(after.type())) {
            out.add("type " + before.type() + " -> " + after.type());
        }
        for (String key : union(before.properties().keySet(), after.properties().keySet())) {
            String was = before.properties().get(key);
            String now = after.properties().get(key);
            if (!Objects.equals(was, now)) {
                out.add(key + " " + (was == null ? "(unset)" : was) + " -> " + (now == null ? "(unset)" : now));
            }
        }
        return String.join(", ", out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}

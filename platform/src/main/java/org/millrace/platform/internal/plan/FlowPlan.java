package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.millrace.api.Resource;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;

/**
 * What moving an agent from what it runs to the next model does to each component, and why: made by
 * {@link Planner} as a pure function of what runs, the next model and the installed connectors, carried out as
 * written by the agent's applier, and printed by {@code millrace:diff}.
 *
 * @param model the model the plan leads to
 * @param steps one per source, channel and sink (declared now, or running now)
 * @param runners one per sink runner: each sink group, and each sink outside every group
 * @param findings every error and warning about the model: its own, what connectors refuse, types no bundle
 *     provides, keys components ignore, resources two components would hold
 * @param claims what the components running after the plan hold
 */
public record FlowPlan(FlowModel model, List<Step> steps, List<RunnerStep> runners, List<Finding> findings,
        List<Claim> claims) {

    /** The plan; lists are copied. */
    public FlowPlan {
        steps = List.copyOf(steps);
        runners = List.copyOf(runners);
        findings = List.copyOf(findings);
        claims = List.copyOf(claims);
    }

    /** What happens to one component. */
    public enum Action {
        /** Not running, starts. */
        START,
        /** Running, stops: no longer declared, or its type is gone. */
        STOP,
        /** Running, a new instance replaces it: its configuration or its factory changed. */
        REPLACE,
        /** A running channel takes its new settings in place, keeping its events. */
        RECONFIGURE,
        /**
         * Keeps running with new surroundings: a source gets a new route (channels, selector, interceptors), or a
         * sink runner pauses while a member sink or its channel is replaced and keeps its processor's state.
         */
        REWIRE,
        /** Keeps running untouched. */
        KEEP,
        /** Not running, and cannot start yet: waits for a type, for what it needs, or is refused. */
        WAIT
    }

    /** What happens to a channel's committed events. */
    public enum Events {
        /** Not a channel, or one with nothing to decide. */
        NONE,
        /** They stay in the running channel. */
        KEPT_IN_PLACE,
        /** Taken out of the old instance and put into the new one. */
        HANDED_TO_NEXT_INSTANCE,
        /** They stay in durable storage, where the new instance on the same storage finds them. */
        STAY_FOR_NEXT_INSTANCE,
        /** Its sinks drain it first (the sources writing to it are held); what is left is kept aside in memory. */
        DRAINED_THEN_KEPT_ASIDE,
        /** Its sinks drain it first; what is left stays in its durable storage. */
        DRAINED_THEN_LEFT_IN_STORAGE,
        /** Kept aside in memory for the channel's next instance. */
        KEPT_ASIDE,
        /** They stay in durable storage for a later channel on it. */
        LEFT_IN_STORAGE,
        /** Events kept aside earlier are put back into the channel when it starts. */
        PUT_BACK
    }

    /**
     * One source's, channel's or sink's fate.
     *
     * @param reason why (the changed keys, the factory that left, the refusal...), or {@code null}
     * @param waitsAs for {@link Action#WAIT}, the state the component waits in
     * @param events for a channel, what happens to its committed events
     * @param eventsNote the same in words, with counts and storage, or {@code null}
     */
    public record Step(ComponentKind kind, String name, Action action, String reason, ComponentState waitsAs,
            Events events, String eventsNote) {

        @Override
        public String toString() {
            return line(action, kind.word(), name, reason, eventsNote);
        }
    }

    /** One sink runner's fate; a lone sink's runner follows its sink. */
    public record RunnerStep(RunnerSpec spec, Action action, String reason, ComponentState waitsAs) {

        @Override
        public String toString() {
            return line(action, "sink group", spec.name(), reason, null);
        }
    }

    /**
     * A resource a component will hold.
     *
     * @param component its name
     */
    public record Claim(Resource resource, ComponentKind kind, String component) {
    }

    private static String line(Action action, String kind, String name, String reason, String events) {
        String why = reason == null ? events : events == null ? reason : reason + "; " + events;
        return action.name().toLowerCase(Locale.ROOT) + " " + kind + " " + name + (why == null ? "" : ": " + why);
    }

    /** The step of a source, channel or sink, or {@code null}. */
    public Step step(ComponentKind kind, String name) {
        return steps.stream().filter(s -> s.kind() == kind && s.name().equals(name)).findFirst().orElse(null);
    }

    /** The step of a runner by key, or {@code null}. */
    public RunnerStep runner(String key) {
        return runners.stream().filter(r -> r.spec().key().equals(key)).findFirst().orElse(null);
    }

    /** Errors: each refuses a component (or the agent); an update with any is rejected whole. */
    public List<Finding> errors() {
        return findings.stream().filter(Finding::error).toList();
    }

    /** Warnings: reported, nothing refused. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.error()).toList();
    }

    /** Every finding as a line, {@code ERROR ...} or {@code WARNING ...}, errors first. */
    public List<String> findingLines() {
        List<String> out = new ArrayList<>();
        errors().forEach(f -> out.add("ERROR " + f));
        warnings().forEach(f -> out.add("WARNING " + f));
        return out;
    }

    /** One line per step that changes something, then those that keep; sink groups after sinks. */
    public List<String> describe() {
        List<Object> all = new ArrayList<>(steps);
        runners.stream().filter(r -> r.spec().group() != null).forEach(all::add);
        List<String> out = new ArrayList<>();
        all.stream().filter(s -> !keeps(s)).forEach(s -> out.add(s.toString()));
        all.stream().filter(FlowPlan::keeps).forEach(s -> out.add(s.toString()));
        return out;
    }

    private static boolean keeps(Object step) {
        return (step instanceof Step s ? s.action() : ((RunnerStep) step).action()) == Action.KEEP;
    }
}

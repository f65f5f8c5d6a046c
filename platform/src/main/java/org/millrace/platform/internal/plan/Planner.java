package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.millrace.api.Resource;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SinkSpec;
import org.millrace.platform.internal.flow.SourceSpec;
import org.millrace.platform.internal.plan.FlowPlan.Action;
import org.millrace.platform.internal.plan.FlowPlan.Events;
import org.millrace.platform.internal.plan.FlowPlan.RunnerStep;
import org.millrace.platform.internal.plan.FlowPlan.Step;
import org.millrace.platform.internal.plan.RunningFlow.LiveChannel;
import org.millrace.platform.internal.plan.RunningFlow.LiveRunner;
import org.millrace.platform.internal.plan.RunningFlow.LiveSink;
import org.millrace.platform.internal.plan.RunningFlow.LiveSource;

/**
 * Makes the plan that takes an agent from what it runs to the next model: a pure function of what runs, the
 * model, the installed connectors and what other agents hold. Every component of the model is first built and
 * discarded by its factory ({@link ComponentCheck}); then resources are matched, then each channel, sink, sink
 * runner and source gets its step, each decided from the steps of what it depends on.
 *
 * <p>A component keeps running when its spec and its factory are unchanged; a channel whose settings changed
 * is reconfigured in place when the running instance says it can take them, else replaced; a sink group keeps
 * its processor (and so its failover penalties and round-robin position) while a member sink or a member's
 * channel is replaced, and gets a new one only when its own spec changes.
 */
public final class Planner {
    /** How long a leaving channel's sinks may drain it, in ms. */
    public static final long DRAIN_MILLIS = 10_000;

    /**
     * A resource a component of another agent holds.
     *
     * @param holder e.g. {@code source r1 of agent web}
     */
    public record Held(Resource resource, String holder) {
    }

    private final String agent;
    private final CheckedModel checked;
    private final RunningFlow running;
    private final FlowModel next;
    private final Map<String, Step> channelSteps = new LinkedHashMap<>();
    private final Map<String, Step> sinkSteps = new LinkedHashMap<>();
    private final Map<String, Step> sourceSteps = new LinkedHashMap<>();
    private final List<RunnerStep> runnerSteps = new ArrayList<>();

    private Planner(CheckedModel checked) {
        this.agent = checked.model.agentName();
        this.checked = checked;
        this.running = checked.running;
        this.next = checked.model;
    }

    /**
     * The plan from {@code running} to {@code next}.
     *
     * @param elsewhere what the components of the other agents of this Karaf hold
     */
    public static FlowPlan plan(RunningFlow running, FlowModel next, Connectors connectors, List<Held> elsewhere) {
        return new Planner(new CheckedModel(running, next, null, connectors, elsewhere)).make();
    }

    /**
     * The plan that rebuilds every running component of a model ({@code millrace:reload}): each is replaced, the
     * committed events of channels handed over or left for the new instance.
     */
    public static FlowPlan rebuild(RunningFlow running, FlowModel model, Connectors connectors,
            List<Held> elsewhere) {
        return new Planner(new CheckedModel(running, model, "rebuilt on request (millrace:reload)", connectors,
                elsewhere)).make();
    }

    private FlowPlan make() {
        planChannels();
        planSinks();
        planRunners();
        planSources();
        return result();
    }

    private boolean asIs(Object live, String name) {
        return checked.asIs(live, name);
    }

    private CheckedModel.Block block(ComponentKind kind, String name, ComponentCheck check, boolean runningAsIs) {
        return checked.block(kind, name, check, runningAsIs);
    }

    private static boolean runs(Step step) {
        return step != null && switch (step.action()) {
            case START, REPLACE, RECONFIGURE, REWIRE, KEEP -> true;
            case STOP, WAIT -> false;
        };
    }

    // ---- channels

    private void planChannels() {
        for (String name : union(running.channels().keySet(), next.channels().keySet())) {
            LiveChannel live = running.channels().get(name);
            ComponentSpec want = next.channels().get(name);
            channelSteps.put(name, want == null ? leaving(name, live) : channel(name, live, want));
        }
    }

    private Step leaving(String name, LiveChannel live) {
        return channelStep(name, Action.STOP, null, null, ChannelEvents.leaving(live, drained(name)), live);
    }

    /** Whether running sinks drain the channel. */
    private boolean drained(String channel) {
        return running.sinks().values().stream().anyMatch(s -> s.spec().channel().equals(channel));
    }

    private Step channel(String name, LiveChannel live, ComponentSpec want) {
        ComponentCheck check = checked.channels.get(name);
        CheckedModel.Block block = block(ComponentKind.CHANNEL, name, check, asIs(live, name));
        if (live == null) {
            if (block != null) {
                return new Step(ComponentKind.CHANNEL, name, Action.WAIT, block.reason(), block.state(),
                        Events.NONE, null);
            }
            Integer parked = running.parked().get(name);
            return parked == null ? new Step(ComponentKind.CHANNEL, name, Action.START, null, null, Events.NONE, null)
                    : new Step(ComponentKind.CHANNEL, name, Action.START, null, null, Events.PUT_BACK,
                            parked + " events kept aside are put back");
        }
        boolean durable = live.instance().isDurable();
        if (block != null) {
            // a running channel that may not run any more: its events are kept aside or stay in its storage
            return channelStep(name, Action.STOP, block.reason(), block.state(),
                    durable ? Events.LEFT_IN_STORAGE : Events.KEPT_ASIDE, live);
        }
        boolean sameSpec = want.equals(live.spec());
        boolean sameFactory = check.factory() == live.factory();
        if (checked.rebuild != null) {
            return channelStep(name, Action.REPLACE, checked.rebuild, null, replacedEvents(name, live, check),
                    live);
        }
        Integer parked = running.parked().get(name);
        Events kept = parked == null ? Events.KEPT_IN_PLACE : Events.PUT_BACK;
        String putBack = parked == null ? null : parked + " events kept aside are put back";
        if (sameSpec && sameFactory) {
            return new Step(ComponentKind.CHANNEL, name, Action.KEEP, null, null, kept, putBack);
        }
        if (sameFactory && !want.equals(live.refusedInPlace()) && live.instance().canReconfigure(want.config(agent))) {
            return new Step(ComponentKind.CHANNEL, name, Action.RECONFIGURE, ComponentSpec.changes(live.spec(), want),
                    null, kept, putBack == null ? "its events stay in it" : "its events stay in it; " + putBack);
        }
        return channelStep(name, Action.REPLACE, sameSpec ? "its type is now provided by another bundle"
                : ComponentSpec.changes(live.spec(), want), null, replacedEvents(name, live, check), live);
    }

    private Events replacedEvents(String name, LiveChannel live, ComponentCheck check) {
        return ChannelEvents.replaced(live, Set.copyOf(check.resources()), drained(name));
    }

    private Step channelStep(String name, Action action, String reason, ComponentState waitsAs, Events events,
            LiveChannel live) {
        return new Step(ComponentKind.CHANNEL, name, action, reason, waitsAs, events,
                ChannelEvents.describe(events, live));
    }

    // ---- sinks

    private void planSinks() {
        for (String name : union(running.sinks().keySet(), next.sinks().keySet())) {
            LiveSink live = running.sinks().get(name);
            SinkSpec want = next.sinks().get(name);
            sinkSteps.put(name, want == null ? step(ComponentKind.SINK, name, Action.STOP, null, null)
                    : sink(name, live, want));
        }
    }

    private Step sink(String name, LiveSink live, SinkSpec want) {
        CheckedModel.Block block = block(ComponentKind.SINK, name, checked.sinks.get(name), asIs(live, name));
        Step channel = channelSteps.get(want.channel());
        String channelDown = runs(channel) ? null : "its channel " + want.channel() + " is not running";
        if (live == null) {
            return block != null ? step(ComponentKind.SINK, name, Action.WAIT, block.reason(), block.state())
                    : channelDown != null ? step(ComponentKind.SINK, name, Action.WAIT, channelDown,
                            ComponentState.WAITING)
                    : step(ComponentKind.SINK, name, Action.START, null, null);
        }
        if (block != null) {
            return step(ComponentKind.SINK, name, Action.STOP, block.reason(), block.state());
        }
        boolean changed = !want.equals(live.spec());
        if (!asIs(live, name)) {
            String why = checked.rebuild != null ? checked.rebuild
                    : !changed ? "its type is now provided by another bundle"
                    : !live.spec().channel().equals(want.channel()) ? "drains " + want.channel() + " instead of "
                            + live.spec().channel()
                    : ComponentSpec.changes(live.spec().component(), want.component());
            return channelDown != null ? step(ComponentKind.SINK, name, Action.STOP, why + "; " + channelDown,
                    ComponentState.WAITING) : step(ComponentKind.SINK, name, Action.REPLACE, why, null);
        }
        String why = channelDown != null ? "not draining: " + channelDown
                : channel.action() == Action.REPLACE ? "pauses while its channel " + want.channel() + " is replaced"
                : channel.action() == Action.START ? "drains its channel " + want.channel() + " once it starts" : null;
        return step(ComponentKind.SINK, name, Action.KEEP, why, null);
    }

    private static Step step(ComponentKind kind, String name, Action action, String reason, ComponentState waitsAs) {
        return new Step(kind, name, action, reason, waitsAs, Events.NONE, null);
    }

    // ---- sink runners

    private void planRunners() {
        for (String key : union(running.runners().keySet(), checked.wantedRunners.keySet())) {
            LiveRunner live = running.runners().get(key);
            RunnerSpec want = checked.wantedRunners.get(key);
            runnerSteps.add(want == null ? new RunnerStep(live.spec(), Action.STOP, null, null) : runner(live, want));
        }
    }

    private RunnerStep runner(LiveRunner live, RunnerSpec want) {
        ComponentCheck check = checked.runners.get(want.key());
        boolean asIs = checked.rebuild == null && live != null && live.spec().equals(want)
                && live.factory() == check.factory();
        CheckedModel.Block block = block(ComponentKind.SINK_GROUP, want.name(), check, asIs);
        String memberDown = want.members().stream().filter(m -> !runs(sinkSteps.get(m))
                || !runs(channelSteps.get(next.sinks().get(m).channel()))).findFirst()
                .map(m -> "sink " + m + " is not running" + (runs(sinkSteps.get(m)) ? " (its channel is not)" : ""))
                .orElse(null);
        if (live == null) {
            return block != null ? new RunnerStep(want, Action.WAIT, block.reason(), block.state())
                    : memberDown != null ? new RunnerStep(want, Action.WAIT, memberDown, ComponentState.WAITING)
                    : new RunnerStep(want, Action.START, null, null);
        }
        if (block != null) {
            return new RunnerStep(want, Action.STOP, block.reason(), block.state());
        }
        if (!asIs) {
            String why = checked.rebuild != null ? checked.rebuild
                    : live.factory() != check.factory() ? "its processor type is now provided by another bundle"
                    : !live.spec().members().equals(want.members()) ? "sinks " + want.members()
                    : ComponentSpec.changes(live.spec().processor(), want.processor());
            return memberDown != null ? new RunnerStep(want, Action.STOP, why + "; " + memberDown,
                    ComponentState.WAITING) : new RunnerStep(want, Action.REPLACE, why, null);
        }
        if (memberDown != null) {
            return new RunnerStep(want, Action.REWIRE, "paused, keeping its processor: " + memberDown,
                    ComponentState.WAITING);
        }
        Set<String> touched = new LinkedHashSet<>();
        for (String m : want.members()) {
            if (sinkSteps.get(m).action() != Action.KEEP) {
                touched.add("sink " + m + " is replaced");
            }
            Step channel = channelSteps.get(next.sinks().get(m).channel());
            if (channel.action() == Action.REPLACE || channel.action() == Action.START) {
                touched.add("channel " + channel.name() + (channel.action() == Action.START ? " starts"
                        : " is replaced"));
            }
        }
        return touched.isEmpty() ? new RunnerStep(want, Action.KEEP, null, null)
                : new RunnerStep(want, Action.REWIRE, "pauses while " + String.join(" and ", touched)
                        + "; its processor keeps its state", null);
    }

    // ---- sources

    private void planSources() {
        for (String name : union(running.sources().keySet(), next.sources().keySet())) {
            LiveSource live = running.sources().get(name);
            SourceSpec want = next.sources().get(name);
            sourceSteps.put(name, want == null ? step(ComponentKind.SOURCE, name, Action.STOP, null, null)
                    : source(name, live, want));
        }
    }

    private Step source(String name, LiveSource live, SourceSpec want) {
        ComponentCheck check = checked.sources.get(name);
        CheckedModel.Block block = block(ComponentKind.SOURCE, name, check, asIs(live, name));
        String routeDown = routeBlocker(want, check);
        if (live == null) {
            return block != null ? step(ComponentKind.SOURCE, name, Action.WAIT, block.reason(), block.state())
                    : routeDown != null ? step(ComponentKind.SOURCE, name, Action.WAIT, routeDown,
                            ComponentState.WAITING)
                    : step(ComponentKind.SOURCE, name, Action.START, null, null);
        }
        if (block != null) {
            return step(ComponentKind.SOURCE, name, Action.STOP, block.reason(), block.state());
        }
        if (!asIs(live, name)) {
            String why = checked.rebuild != null ? checked.rebuild
                    : check.factory() != live.factory() ? "its type is now provided by another bundle"
                    : ComponentSpec.changes(live.spec().component(), want.component());
            return routeDown != null ? step(ComponentKind.SOURCE, name, Action.STOP, why + "; " + routeDown,
                    ComponentState.WAITING) : step(ComponentKind.SOURCE, name, Action.REPLACE, why, null);
        }
        String rewiring = rewiring(live, want, check);
        if (routeDown != null) {
            return live.route() == null
                    ? step(ComponentKind.SOURCE, name, Action.KEEP, "paused: " + routeDown, ComponentState.PAUSED)
                    : step(ComponentKind.SOURCE, name, Action.REWIRE, "paused: " + routeDown, ComponentState.PAUSED);
        }
        return rewiring == null ? step(ComponentKind.SOURCE, name, Action.KEEP, null, null)
                : step(ComponentKind.SOURCE, name, Action.REWIRE, rewiring, null);
    }

    /** Why a source's route cannot be built after the plan, or null. */
    private String routeBlocker(SourceSpec want, ComponentCheck check) {
        for (String c : want.channels()) {
            if (!runs(channelSteps.get(c))) {
                return "its channel " + c + " is not running";
            }
        }
        if (check.routeFactories().get(0) == null) {
            return "no installed bundle provides channel selector type '" + want.selector().type() + "'";
        }
        for (int i = 0; i < want.interceptors().size(); i++) {
            if (check.routeFactories().get(i + 1) == null) {
                ComponentSpec interceptor = want.interceptors().get(i);
                return "no installed bundle provides interceptor type '" + interceptor.type() + "' (interceptor "
                        + interceptor.name() + ")";
            }
        }
        return null;
    }

    /** Why a running source's route must be rebuilt, or null if the installed one serves the next model. */
    private String rewiring(LiveSource live, SourceSpec want, ComponentCheck check) {
        List<String> why = new ArrayList<>();
        RunningFlow.LiveRoute route = live.route();
        SourceSpec was = route == null ? live.spec() : route.wiring();
        if (!was.channels().equals(want.channels())) {
            why.add("channels " + want.channels());
        }
        if (!was.selector().equals(want.selector())) {
            why.add("selector " + ComponentSpec.changes(was.selector(), want.selector()));
        }
        if (!was.interceptors().equals(want.interceptors())) {
            why.add("interceptors " + want.interceptors().stream().map(i -> i.name() + "(" + i.type() + ")").toList());
        }
        if (route == null) {
            why.add("its deliveries were held");
        } else if (why.isEmpty()) {
            for (String c : want.channels()) {
                Action a = channelSteps.get(c).action();
                if (a != Action.KEEP) {
                    why.add("channel " + c + (a == Action.RECONFIGURE ? " is reconfigured" : " is replaced"));
                }
            }
            for (int i = 0; i < check.routeFactories().size(); i++) {
                if (check.routeFactories().get(i) != route.factories().get(i)) {
                    why.add((i == 0 ? "its selector's" : "interceptor " + want.interceptors().get(i - 1).name()
                            + "'s") + " type is now provided by another bundle");
                }
            }
        }
        return why.isEmpty() ? null : String.join(", ", why);
    }

    // ---- result

    private FlowPlan result() {
        List<Step> steps = new ArrayList<>();
        steps.addAll(sourceSteps.values());
        steps.addAll(channelSteps.values());
        steps.addAll(sinkSteps.values());
        List<FlowPlan.Claim> claims = new ArrayList<>();
        claim(claims, ComponentKind.CHANNEL, channelSteps, checked.channels);
        claim(claims, ComponentKind.SOURCE, sourceSteps, checked.sources);
        claim(claims, ComponentKind.SINK, sinkSteps, checked.sinks);
        return new FlowPlan(next, steps, runnerSteps, checked.findings(), claims);
    }

    private static void claim(List<FlowPlan.Claim> claims, ComponentKind kind, Map<String, Step> steps,
            Map<String, ComponentCheck> checks) {
        steps.forEach((name, step) -> {
            if (runs(step)) {
                checks.get(name).resources().forEach(r -> claims.add(new FlowPlan.Claim(r, kind, name)));
            }
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}

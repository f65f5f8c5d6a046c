package org.millrace.platform.internal.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.api.ChannelFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceFactory;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.Connectors;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.FlowPlan.Action;
import org.millrace.platform.internal.plan.FlowPlan.Events;
import org.millrace.platform.internal.plan.FlowPlan.RunnerStep;
import org.millrace.platform.internal.plan.FlowPlan.Step;
import org.millrace.platform.internal.plan.Planner;

/**
 * Carries out a plan on an agent's live flow, step by step as written, in an order that never lets a source
 * write into a channel being replaced: routes that change are withdrawn (deliveries wait), then what goes
 * stops — sources, the drain of leaving channels, sink runners, sinks, channels (their events handed off as the
 * plan says) — then channels are reconfigured, and channels, sinks, runners and sources start, and routes are
 * installed. Control thread only.
 *
 * <p>What the plan cannot foresee is a start that fails (a port taken by another process): the component is
 * then left failed, what depends on it waits, and the agent plans again after a pause.
 */
final class PlanApplier {
    /** How long the agent waits before it plans again after a start failed. */
    static final long RETRY_SECONDS = 5;

    private final LiveFlow flow;
    private final Connectors connectors;
    private boolean retry;

    PlanApplier(LiveFlow flow, Connectors connectors) {
        this.flow = flow;
        this.connectors = connectors;
    }

    /**
     * Carries out the plan.
     *
     * @return whether something could not be done now and the agent should plan again later
     */
    boolean apply(FlowPlan plan, long generation) {
        retry = false;
        List<Step> sources = steps(plan, ComponentKind.SOURCE);
        List<Step> channels = steps(plan, ComponentKind.CHANNEL);
        List<Step> sinks = steps(plan, ComponentKind.SINK);

        for (Step s : sources) {
            if (s.action() == Action.REWIRE && flow.sources.get(s.name()).source != null) {
                SourceNode node = flow.sources.get(s.name());
                node.holdDeliveries("the flow is being rewired");
                node.setState(ComponentState.PAUSED, "the flow is being rewired");
            }
        }
        for (Step s : sources) {
            if (s.action() == Action.STOP || s.action() == Action.REPLACE) {
                flow.sources.get(s.name()).stop();
            }
        }
        long drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Planner.DRAIN_MILLIS);
        for (Step s : channels) {
            if (s.events() == Events.DRAINED_THEN_KEPT_ASIDE || s.events() == Events.DRAINED_THEN_LEFT_IN_STORAGE) {
                flow.handOff.awaitDrained(flow.channels.get(s.name()), drainDeadline);
            }
        }
        for (RunnerStep r : plan.runners()) {
            RunnerNode node = flow.runners.get(r.spec().key());
            if (r.action() == Action.STOP || r.action() == Action.REPLACE) {
                node.stop();
            } else if (r.action() == Action.REWIRE) {
                node.pause(r.reason());
            }
        }
        for (Step s : sinks) {
            if (s.action() == Action.STOP || s.action() == Action.REPLACE) {
                flow.sinks.get(s.name()).stop();
            }
        }
        for (Step s : channels) {
            if (s.action() == Action.STOP || s.action() == Action.REPLACE) {
                ChannelNode node = flow.channels.get(s.name());
                if (s.events() == Events.HANDED_TO_NEXT_INSTANCE || s.events() == Events.KEPT_ASIDE
                        || s.events() == Events.DRAINED_THEN_KEPT_ASIDE) {
                    flow.handOff.keepAside(node);
                }
                node.stop();
            }
        }
        forgetUndeclared(plan.model(), plan);

        for (Step s : channels) {
            if (s.action() == Action.RECONFIGURE) {
                retry |= !flow.channels.get(s.name()).reconfigure(plan.model().channels().get(s.name()), generation);
            }
        }
        for (Step s : channels) {
            if (s.action() == Action.START || s.action() == Action.REPLACE) {
                startChannel(plan, s, generation);
            }
        }
        for (Step s : sinks) {
            if (s.action() == Action.START || s.action() == Action.REPLACE) {
                startSink(plan, s, generation);
            }
        }
        for (RunnerStep r : plan.runners()) {
            runner(r, generation);
        }
        for (Step s : channels) {
            ChannelNode node = flow.channels.get(s.name());
            if (node != null && node.channel != null) {
                retry |= flow.handOff.putBack(node); // before sources deliver again, while sinks already drain
            }
        }
        for (Step s : sources) {
            source(plan, s, generation);
        }
        for (Step s : plan.steps()) {
            String type = plan.model().typeOf(s.kind(), s.name());
            if (type == null) {
                continue; // no longer declared: its node is gone
            }
            Node node = node(s);
            node.type = type;
            if (s.waitsAs() != null && (s.action() == Action.WAIT || s.action() == Action.STOP)) {
                node.setState(s.waitsAs(), s.reason());
            }
        }
        return retry;
    }

    private static List<Step> steps(FlowPlan plan, ComponentKind kind) {
        return plan.steps().stream().filter(s -> s.kind() == kind).toList();
    }

    private Node node(Step s) {
        return switch (s.kind()) {
            case SOURCE -> flow.source(s.name());
            case CHANNEL -> flow.channel(s.name());
            case SINK -> flow.sink(s.name());
            case SINK_GROUP -> throw new IllegalArgumentException("sink groups are runner steps");
        };
    }

    /** Nodes of components the model no longer declares go, now that they have stopped. */
    private void forgetUndeclared(FlowModel model, FlowPlan plan) {
        flow.sources.keySet().retainAll(model.sources().keySet());
        flow.channels.keySet().retainAll(model.channels().keySet());
        flow.sinks.keySet().retainAll(model.sinks().keySet());
        flow.runners.keySet().retainAll(plan.runners().stream().filter(r -> r.action() != Action.STOP
                || r.waitsAs() != null).map(r -> r.spec().key()).toList());
    }

    private void startChannel(FlowPlan plan, Step s, long generation) {
        ChannelNode node = flow.channel(s.name());
        ChannelFactory factory = connectors.find(ConnectorKind.CHANNEL, plan.model().channels().get(s.name()).type());
        retry |= !node.start(plan.model().channels().get(s.name()), factory, generation, RETRY_SECONDS)
                && node.failures > 0;
    }

    private void startSink(FlowPlan plan, Step s, long generation) {
        SinkNode node = flow.sink(s.name());
        var spec = plan.model().sinks().get(s.name());
        ChannelNode channel = flow.channels.get(spec.channel());
        if (channel == null || channel.channel == null) {
            node.setState(ComponentState.WAITING, "its channel " + spec.channel() + " is not running");
            return;
        }
        SinkFactory factory = connectors.find(ConnectorKind.SINK, spec.component().type());
        retry |= !node.start(spec, factory, channel, generation, RETRY_SECONDS) && node.failures > 0;
    }

    private void runner(RunnerStep r, long generation) {
        if (r.action() == Action.STOP && r.waitsAs() == null) {
            return; // no longer wanted: stopped and forgotten above
        }
        RunnerNode node = flow.runner(r.spec().key(), r.spec().name());
        node.type = r.spec().processor().type();
        switch (r.action()) {
            case START, REPLACE -> {
                if (!RunnerNode.membersRun(r.spec().members(), flow.sinks)) {
                    node.setState(ComponentState.WAITING, "a member sink or its channel is not running");
                    return;
                }
                SinkProcessorFactory factory = connectors.find(ConnectorKind.SINK_PROCESSOR,
                        r.spec().processor().type());
                retry |= !node.start(r.spec(), factory, flow.sinks, generation, RETRY_SECONDS) && node.failures > 0;
            }
            case KEEP -> node.resume(flow.sinks);
            case REWIRE -> {
                if (r.waitsAs() == null) {
                    node.resume(flow.sinks);
                }
            }
            case WAIT, STOP -> node.setState(r.waitsAs() == null ? ComponentState.STOPPED : r.waitsAs(), r.reason());
            case RECONFIGURE -> throw new IllegalStateException("sink runners are not reconfigured");
        }
    }

    private void source(FlowPlan plan, Step s, long generation) {
        var spec = plan.model().sources().get(s.name());
        if (spec == null) {
            return; // no longer declared: stopped and forgotten above
        }
        SourceNode node = flow.source(s.name());
        switch (s.action()) {
            case START, REPLACE -> {
                String routeDown = RouteAssembly.install(node, spec, flow.channels, connectors, flow.taps);
                if (routeDown != null) {
                    node.setState(ComponentState.WAITING, routeDown);
                    return;
                }
                SourceFactory factory = connectors.find(ConnectorKind.SOURCE, spec.component().type());
                if (!node.start(spec, factory, generation, RETRY_SECONDS)) {
                    node.holdDeliveries("the source is not running");
                    retry |= node.failures > 0;
                }
            }
            case REWIRE -> {
                node.spec = spec;
                String routeDown = s.waitsAs() != null ? s.reason()
                        : RouteAssembly.install(node, spec, flow.channels, connectors, flow.taps);
                node.setState(routeDown == null ? ComponentState.RUNNING : ComponentState.PAUSED, routeDown);
            }
            case KEEP -> {
                node.spec = spec;
                if (s.waitsAs() != null) {
                    node.setState(s.waitsAs(), s.reason());
                }
            }
            default -> {
            }
        }
    }
}

package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.Planner;
import org.millrace.platform.internal.plan.RunningFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent: the model it runs, its live components, and the control thread
 * ({@code millrace-<agent>-control}) on which every change happens. A change — a new model, a connector arriving
 * or leaving, a retry — is planned ({@link Planner}: what runs, the model and the installed connectors in, a
 * {@link FlowPlan} out) and the plan carried out as written ({@link PlanApplier}); {@code millrace:diff} prints
 * the same plan without carrying it out. Public methods hand their work to the control thread and wait.
 */
public final class Agent implements ConnectorCatalog.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long CALL_TIMEOUT_SECONDS = 120;
    /** How long after a plug-in service event the agent plans once more. */
    private static final long PLUGIN_SETTLE_MILLIS = 500;

    private final String name;
    private final ConnectorCatalog catalog;
    private final ResourceClaims claims;
    private final ScheduledExecutorService control;
    private final LiveFlow flow;
    private final PlanApplier applier;

    /** Written on the control thread only; read from any (the model is immutable). */
    private volatile FlowModel model;
    private long generation;
    private List<String> rejected = List.of();
    private volatile List<Finding> findings = List.of();
    private final Consumer<Agent> carriedOut;
    private FlowPlan lastPlan;
    private boolean retryScheduled;
    private volatile StatusBoard board;

    /** An agent with no flow, alone in its Karaf; give it one with {@link #apply(FlowModel)}. */
    public Agent(String name, ConnectorCatalog catalog) {
        this(name, catalog, new ResourceClaims());
    }

    /**
     * An agent with no flow; give it one with {@link #apply(FlowModel)}.
     *
     * @param claims what the agents of this Karaf hold, shared by them
     */
    public Agent(String name, ConnectorCatalog catalog, ResourceClaims claims) {
        this(name, catalog, claims, a -> { });
    }

    /**
     * An agent with no flow; give it one with {@link #apply(FlowModel)}.
     *
     * @param claims what the agents of this Karaf hold, shared by them
     * @param carriedOut called on the agent's control thread after each plan it carried out (a new model, or the
     *     same model again after connectors came or went); returns at once
     */
    public Agent(String name, ConnectorCatalog catalog, ResourceClaims claims, Consumer<Agent> carriedOut) {
        this.carriedOut = carriedOut;
        this.name = name;
        this.catalog = catalog;
        this.claims = claims;
        this.model = FlowModel.empty(name);
        this.flow = new LiveFlow(name);
        this.applier = new PlanApplier(flow, catalog);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "millrace-" + name + "-control"));
        this.board = new StatusBoard(name, 0, List.of(), List.of(), List.of());
        catalog.addListener(this);
        claims.watch(name, this::reconcileSoon);
    }

    /** The agent's name. */
    public String name() {
        return name;
    }

    /**
     * Runs a new flow model. The first model runs whatever of it is valid; a later model with any error (in the
     * model, refused by a connector, or a resource another component holds) is rejected as a whole and the
     * running flow stays as it was.
     *
     * @return whether the model was applied
     */
    public boolean apply(FlowModel next) {
        return call(() -> {
            // a later model with errors is rejected whole: its claims are not recorded
            FlowPlan plan = planAndHold(next, p -> generation == 0 || p.errors().isEmpty());
            if (generation > 0 && !plan.errors().isEmpty()) {
                rejected = plan.errors().stream().map(Finding::toString).toList();
                rejected.forEach(e -> LOG.error("[{}] configuration rejected, the running flow is unchanged: {}",
                        name, e));
                publish();
                return false;
            }
            generation++;
            model = next;
            rejected = List.of();
            LOG.info("[{}] applying configuration generation {}: {}", name, generation, String.join("; ",
                    plan.describe()));
            plan.errors().forEach(f -> LOG.error("[{}] configuration error, refused: {}", name, f));
            plan.warnings().forEach(f -> LOG.warn("[{}] configuration warning: {}", name, f));
            carryOut(plan);
            return true;
        });
    }

    /** The plan running {@code next} would carry out now, without carrying it out ({@code millrace:diff}). */
    public FlowPlan planFor(FlowModel next) {
        return call(() -> plan(next));
    }

    /** The last plan carried out. */
    public FlowPlan lastPlan() {
        return call(() -> lastPlan);
    }

    /** What runs, as the planner sees it. */
    RunningFlow running() {
        return call(flow::snapshot);
    }

    /** The model the agent runs. */
    public FlowModel model() {
        return model;
    }

    /**
     * Watches the next {@code n} events leaving a source's interceptor chain or committed to a channel.
     *
     * @throws IllegalArgumentException if the agent declares no source or channel of that name
     */
    public TapPoint.Tap tap(String component, int n) {
        FlowModel m = model();
        if (m.sources().containsKey(component)) {
            return flow.taps.source(component).attach(n);
        }
        if (m.channels().containsKey(component)) {
            return flow.taps.channel(component).attach(n);
        }
        throw new IllegalArgumentException("agent " + name + " has no source or channel named " + component);
    }

    /** Rebuilds every component of the current model, as if it had just been configured. */
    public void reload() {
        call(() -> {
            FlowPlan plan = claims.planAndHold(name, held -> Planner.rebuild(flow.snapshot(), model, catalog, held),
                    p -> true);
            generation++;
            carryOut(plan);
            return null;
        });
    }

    /**
     * Stops every component and the control thread: sources first, then the sinks get up to 10 s to drain the
     * channels, then sinks and channels stop. Stopping a stopped agent does nothing.
     */
    public void stop() {
        if (control.isShutdown()) {
            return;
        }
        catalog.removeListener(this);
        call(() -> {
            model = FlowModel.empty(name);
            carryOut(plan(model));
            return null;
        });
        claims.release(name);
        control.shutdown();
        flow.handOff.reportStranded();
    }

    /** The agent's components, states, counters and configuration problems, as last published. */
    public AgentStatus status() {
        return board.read();
    }

    @Override
    public void factoryAdded(ConnectorKind kind, Object factory) {
        reconcileSoon();
    }

    /** Plans again on the control thread, unless the agent has stopped. */
    private void reconcileSoon() {
        try {
            control.execute(this::reconcileLoggingFailure);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the agent stopped meanwhile: nothing to plan
        }
    }

    @Override
    public void factoryRemoved(ConnectorKind kind, Object factory) {
        call(() -> {
            reconcile();
            return null;
        });
    }

    /**
     * A plug-in type (a serializer, a sink selector...) arrived or left: components waiting for one start, and
     * components whose factory now finds one missing stop and wait for it. The connectors' catalogs of plug-ins
     * learn of it in the same service event, in an order OSGi leaves open, so the agent plans now and once more
     * after the event has surely reached them (a plan that changes nothing does nothing).
     */
    public void pluginsChanged() {
        reconcileSoon();
        try {
            control.schedule(this::reconcileLoggingFailure, PLUGIN_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the agent stopped meanwhile: nothing to plan
        }
    }

    // ---- control thread only

    /** A plan for {@code next} whose claims are recorded if {@code keep} accepts it (see ResourceClaims). */
    private FlowPlan planAndHold(FlowModel next, Predicate<FlowPlan> keep) {
        return claims.planAndHold(name, held -> Planner.plan(flow.snapshot(), next, catalog, held), keep);
    }

    /** A plan whose claims are not recorded: shown, or stopping everything. */
    private FlowPlan plan(FlowModel next) {
        return Planner.plan(flow.snapshot(), next, catalog, claims.heldByOthers(name));
    }

    /** Plans again against the same model: connectors came or went, or a start is retried. */
    private void reconcile() {
        carryOut(planAndHold(model, p -> true));
    }

    /** For work nobody waits on: a failure must not vanish with the task. */
    private void reconcileLoggingFailure() {
        try {
            reconcile();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}] reconciling the flow failed: {}", name, e.toString(), e);
            publish();
        }
    }

    private void carryOut(FlowPlan plan) {
        lastPlan = plan;
        findings = plan.findings();
        try {
            if (applier.apply(plan, generation)) {
                scheduleRetry();
            }
        } catch (RuntimeException | LinkageError e) {
            // a connector threw where it must not (a take, a stop): plan again from whatever runs now
            LOG.error("[{}] carrying out the plan failed, planning again in {} s: {}", name,
                    PlanApplier.RETRY_SECONDS, e.toString(), e);
            scheduleRetry();
        } finally {
            publish();
            carriedOut.accept(this);
        }
    }

    /**
     * The types the components of the last plan wait for, as kind and type: component types no factory provides
     * and plug-in types (serializers, sink selectors...) a factory found missing when it ran.
     */
    public List<Map.Entry<String, String>> missingTypes() {
        return findings.stream().map(Finding::problem).filter(p -> p.missingKind() != null)
                .map(p -> Map.entry(p.missingKind(), p.value())).toList();
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            control.schedule(() -> {
                retryScheduled = false;
                reconcileLoggingFailure();
            }, PlanApplier.RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void publish() {
        List<String> errors = new ArrayList<>(rejected.stream().map(e -> "update rejected: " + e).toList());
        findings.stream().filter(Finding::error).forEach(f -> errors.add(f.toString()));
        board = new StatusBoard(name, generation, flow.entries(model), errors,
                findings.stream().filter(f -> !f.error()).map(Finding::toString).toList());
    }

    private <T> T call(Callable<T> work) {
        try {
            return control.submit(work).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("[" + name + "] " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("[" + name + "] the agent did not finish a change within "
                    + CALL_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("[" + name + "] interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Agent[" + name + ", generation " + generation + "]";
    }
}

package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.PollableSource;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessor;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.SourceFactory;
import org.millrace.api.Transaction;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlowPlan;
import org.millrace.platform.internal.flow.SinkGroupSpec;
import org.millrace.platform.internal.flow.SinkSpec;
import org.millrace.platform.internal.flow.SourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent. Holds the flow model it runs and the live components, and reconciles the two whenever
 * the model or the installed connectors change: components whose configuration, wiring and factory are
 * unchanged keep running untouched; the rest are stopped, replaced or started, in an order that never leaves
 * a source writing into a missing channel.
 *
 * <p>All changes run on one control thread ({@code millrace-<agent>-control}); public methods hand their work
 * to it and wait.
 */
public final class Agent implements ConnectorCatalog.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long CALL_TIMEOUT_SECONDS = 120;
    private static final long START_RETRY_SECONDS = 5;
    /** How long a removed channel's sinks may take to drain it before its remaining events are kept aside. */
    private static final long DRAIN_MILLIS = 10_000;

    private final String name;
    private final ConnectorCatalog catalog;
    private final ScheduledExecutorService control;

    private FlowModel model;
    private long generation;
    private List<String> rejected = List.of();
    private boolean retryScheduled;
    private final Map<String, ChannelNode> channels = new LinkedHashMap<>();
    private final Map<String, SourceNode> sources = new LinkedHashMap<>();
    private final Map<String, SinkNode> sinks = new LinkedHashMap<>();
    private final Map<String, RunnerNode> runners = new LinkedHashMap<>();
    /** Where {@code millrace:tap} watches: sources and channels by name; they outlive component instances. */
    private final Map<String, TapPoint> sourceTaps = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, TapPoint> channelTaps = new java.util.concurrent.ConcurrentHashMap<>();
    /** Events of non-durable channels that had to stop with no replacement yet, by channel name. */
    private final Map<String, List<Event>> parked = new LinkedHashMap<>();
    private volatile AgentStatus published;

    /** An agent with no flow; give it one with {@link #apply(FlowModel)}. */
    public Agent(String name, ConnectorCatalog catalog) {
        this.name = name;
        this.catalog = catalog;
        this.model = FlowModel.empty(name);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "millrace-" + name + "-control"));
        this.published = new AgentStatus(name, 0, List.of(), List.of(), List.of());
        catalog.addListener(this);
    }

    /** The agent's name. */
    public String name() {
        return name;
    }

    /**
     * Runs a new flow model. The first model runs whatever of it is valid; a later model with any error (in the
     * model or refused by a connector) is rejected as a whole and the running flow stays as it was.
     *
     * @return whether the model was applied
     */
    public boolean apply(FlowModel next) {
        return call(() -> {
            List<String> errors = new ArrayList<>(next.errors().stream().map(Finding::toString).toList());
            FlowValidator check = FlowValidator.check(next, catalog, spec -> !isRunningAsIs(spec));
            check.problems().forEach(p -> errors.add(p.problem().toString()));
            if (generation > 0 && !errors.isEmpty()) {
                errors.forEach(e -> LOG.error("[{}] configuration rejected, the running flow is unchanged: {}", name, e));
                rejected = List.copyOf(errors);
                publish();
                return false;
            }
            FlowPlan plan = FlowPlan.between(model, next);
            LOG.info("[{}] applying configuration generation {}: {}", name, generation + 1,
                    plan.changes().isEmpty() ? "no component changes" : String.join("; ", plan.changes().stream()
                            .map(FlowPlan.Step::toString).toList()));
            next.findings().stream().filter(f -> !f.error())
                    .forEach(f -> LOG.warn("[{}] configuration warning: {}", name, f));
            next.errors().forEach(f -> LOG.error("[{}] configuration error, refused: {}", name, f));
            check.problems().forEach(p -> LOG.error("[{}] configuration error, refused: {}", name, p.problem()));
            model = next;
            generation++;
            rejected = List.of();
            reconcile();
            return true;
        });
    }

    /** The model the agent runs. */
    public FlowModel model() {
        return call(() -> model);
    }

    /**
     * Watches the next {@code n} events leaving a source's interceptor chain or committed to a channel.
     *
     * @throws IllegalArgumentException if the agent declares no source or channel of that name
     */
    public TapPoint.Tap tap(String component, int n) {
        FlowModel m = model();
        if (m.sources().containsKey(component)) {
            return sourceTaps.computeIfAbsent(component, c -> new TapPoint()).attach(n);
        }
        if (m.channels().containsKey(component)) {
            return channelTaps.computeIfAbsent(component, c -> new TapPoint()).attach(n);
        }
        throw new IllegalArgumentException("agent " + name + " has no source or channel named " + component);
    }

    /** Rebuilds every component of the current model, as if it had just been configured. */
    public void reload() {
        call(() -> {
            stopAll();
            generation++;
            reconcile();
            return null;
        });
    }

    /**
     * Stops every component and the control thread: sources first, then the sinks get up to 10 s to drain the
     * channels, then sinks and channels stop.
     */
    public void stop() {
        catalog.removeListener(this);
        call(() -> {
            sources.values().stream().filter(n -> n.source != null).forEach(this::stopSource);
            channels.values().stream().filter(n -> n.channel != null).forEach(this::drainBeforeRemoval);
            stopAll();
            channels.clear();
            sources.clear();
            sinks.clear();
            runners.clear();
            publish();
            return null;
        });
        control.shutdown();
        parked.forEach((channel, events) -> LOG.warn("[{}/{}] stopped with {} events that had no channel to go to",
                name, channel, events.size()));
    }

    /** A snapshot of the agent: components, states, counters and configuration problems. */
    public AgentStatus status() {
        AgentStatus s = published;
        List<ComponentStatus> live = new ArrayList<>(s.components().size());
        for (ComponentStatus c : s.components()) {
            live.add(new ComponentStatus(c.kind(), c.name(), c.type(), c.state(), c.reason(), c.startTime(),
                    c.generation(), counters(c.kind(), c.name())));
        }
        return new AgentStatus(s.name(), s.generation(), live, s.errors(), s.warnings());
    }

    @Override
    public void factoryAdded(ConnectorCatalog.Kind kind, Object factory) {
        control.execute(this::reconcileLoggingFailure);
    }

    @Override
    public void factoryRemoved(ConnectorCatalog.Kind kind, Object factory) {
        call(() -> {
            reconcile();
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // reconciliation (control thread only)

    private void reconcile() {
        Set<String> channelsGoing = new LinkedHashSet<>();
        channels.forEach((n, node) -> {
            if (node.channel != null && !keepChannel(node)) {
                channelsGoing.add(n);
            }
        });
        Set<String> sinksGoing = new LinkedHashSet<>();
        sinks.forEach((n, node) -> {
            SinkSpec want = model.sinks().get(n);
            if (node.sink != null && (want == null || !want.equals(node.spec) || refused(ComponentKind.SINK, n)
                    || factoryChanged(ConnectorCatalog.Kind.SINK, want.component(), node.factory))) {
                sinksGoing.add(n);
            }
        });
        Map<String, RunnerPlan> wantedRunners = wantedRunners();
        Set<String> runnersGoing = new LinkedHashSet<>();
        runners.forEach((key, node) -> {
            RunnerPlan want = wantedRunners.get(key);
            boolean touchesGoing = node.members.stream().anyMatch(sinksGoing::contains)
                    || node.drained.stream().anyMatch(channelsGoing::contains);
            if (node.runner != null && (want == null || !want.equals(node.plan) || touchesGoing
                    || factoryChanged(ConnectorCatalog.Kind.SINK_PROCESSOR, want.processor(), node.factory))) {
                runnersGoing.add(key);
            }
        });
        Set<String> sourcesGoing = new LinkedHashSet<>();
        sources.forEach((n, node) -> {
            SourceSpec want = model.sources().get(n);
            if (node.source != null && (want == null || !want.component().equals(node.spec.component())
                    || refused(ComponentKind.SOURCE, n)
                    || factoryChanged(ConnectorCatalog.Kind.SOURCE, want.component(), node.factory))) {
                sourcesGoing.add(n);
            }
        });

        // Hold back deliveries whose route will change, then stop what goes: sources, runners, sinks, channels.
        sources.forEach((n, node) -> {
            if (node.source != null && !sourcesGoing.contains(n) && node.processor.route() != null
                    && !routeStillValid(node, channelsGoing)) {
                retire(node.processor.withdraw("the flow is being rewired"));
                node.setState(ComponentState.PAUSED, "the flow is being rewired");
            }
        });
        sourcesGoing.forEach(n -> stopSource(sources.get(n)));
        channelsGoing.stream().filter(n -> !model.channels().containsKey(n))
                .forEach(n -> drainBeforeRemoval(channels.get(n)));
        runnersGoing.forEach(k -> stopRunner(runners.get(k)));
        sinksGoing.forEach(n -> stopSink(sinks.get(n)));
        channelsGoing.forEach(n -> stopChannel(channels.get(n)));

        // Forget what the model no longer declares.
        sources.keySet().retainAll(model.sources().keySet());
        sinks.keySet().retainAll(model.sinks().keySet());
        runners.keySet().retainAll(wantedRunners.keySet());
        channels.keySet().retainAll(model.channels().keySet());
        parked.forEach((channel, events) -> {
            if (!model.channels().containsKey(channel)) {
                LOG.warn("[{}/{}] channel removed from the configuration; {} of its events are kept aside and"
                        + " return if it is declared again", name, channel, events.size());
            }
        });

        // Start what can start: channels, sinks, their runners, then sources.
        model.channels().values().forEach(this::startChannel);
        model.sinks().values().forEach(this::startSink);
        wantedRunners.forEach(this::startRunner);
        model.sources().values().forEach(this::startSource);
        publish();
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

    private boolean keepChannel(ChannelNode node) {
        ComponentSpec want = model.channels().get(node.name);
        if (want == null || refused(ComponentKind.CHANNEL, node.name)
                || factoryChanged(ConnectorCatalog.Kind.CHANNEL, want, node.factory)) {
            return false;
        }
        if (want.equals(node.spec)) {
            return true;
        }
        try {
            if (want.type().equals(node.spec.type()) && node.channel.reconfigure(want.config(name))) {
                LOG.info("[{}/{}] reconfigured in place, keeping its {} events", name, node.name, node.channel.size());
                node.spec = want;
                node.generation = generation;
                return true;
            }
        } catch (ConfigurationException e) {
            // validated before apply; a refusal here means the channel needs a new instance
            LOG.warn("[{}/{}] cannot take the change in place ({}); replacing it", name, node.name, e.getMessage());
        }
        return false;
    }

    private boolean routeStillValid(SourceNode node, Set<String> channelsGoing) {
        SourceSpec want = model.sources().get(node.name);
        return want != null && want.channels().equals(node.spec.channels())
                && want.selector().equals(node.spec.selector()) && want.interceptors().equals(node.spec.interceptors())
                && node.spec.channels().stream().noneMatch(channelsGoing::contains)
                && !factoryChanged(ConnectorCatalog.Kind.SELECTOR, want.selector(), node.routeFactories.get(0))
                && interceptorFactoriesUnchanged(want, node);
    }

    private boolean interceptorFactoriesUnchanged(SourceSpec want, SourceNode node) {
        for (int i = 0; i < want.interceptors().size(); i++) {
            if (factoryChanged(ConnectorCatalog.Kind.INTERCEPTOR, want.interceptors().get(i),
                    node.routeFactories.get(i + 1))) {
                return false;
            }
        }
        return true;
    }

    private boolean factoryChanged(ConnectorCatalog.Kind kind, ComponentSpec spec, Object factory) {
        return catalog.find(kind, spec.type()) != factory;
    }

    private boolean refused(ComponentKind kind, String component) {
        return model.refusal(kind, component).isPresent();
    }

    /** Whether a spec of the model is what a component runs already (so it needs no check before applying). */
    private boolean isRunningAsIs(Object spec) {
        if (spec instanceof ComponentSpec c) {
            ChannelNode node = channels.get(c.name());
            return node != null && node.channel != null && c.equals(node.spec);
        }
        if (spec instanceof SourceSpec s) {
            SourceNode node = sources.get(s.component().name());
            return node != null && node.source != null && s.equals(node.spec);
        }
        if (spec instanceof SinkSpec s) {
            SinkNode node = sinks.get(s.component().name());
            return node != null && node.sink != null && s.equals(node.spec);
        }
        if (spec instanceof SinkGroupSpec g) {
            RunnerNode node = runners.get(groupKey(g.name()));
            return node != null && node.runner != null && node.plan.group() != null && g.equals(node.plan.group());
        }
        return false;
    }

    // ---- channels

    private void startChannel(ComponentSpec spec) {
        ChannelNode node = channels.computeIfAbsent(spec.name(), n -> new ChannelNode(n));
        node.type = spec.type();
        if (node.channel != null) {
            inject(node);
            return;
        }
        if (refusedNode(node, ComponentKind.CHANNEL)) {
            return;
        }
        ChannelFactory factory = catalog.find(ConnectorCatalog.Kind.CHANNEL, spec.type());
        if (factory == null) {
            node.setState(ComponentState.WAITING_FOR_TYPE, missingType("channel", spec.type()));
            return;
        }
        Channel channel;
        try {
            channel = factory.create(spec.config(name));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            node.setState(ComponentState.FAILED, describe(e));
            return;
        }
        ChannelCounter counter = new ChannelCounter();
        try {
            channel.start(new ChannelCtx(name, spec.name(), counter));
        } catch (Exception | LinkageError e) {
            startFailed(node, e);
            return;
        }
        counter.start();
        node.started(spec, factory, channel, counter, generation);
        LOG.info("[{}/{}] channel started ({})", name, spec.name(), spec.type());
        inject(node);
    }

    /** Moves events kept aside for this channel back into it, as far as it has room. */
    private void inject(ChannelNode node) {
        List<Event> events = parked.get(node.name);
        if (events == null) {
            return;
        }
        int batch = Math.max(1, Math.min(node.channel.transactionCapacity(), 1000));
        int moved = 0;
        try {
            while (moved < events.size()) {
                List<Event> slice = events.subList(moved, Math.min(events.size(), moved + batch));
                commitAll(node.channel, slice);
                moved += slice.size();
            }
        } catch (RuntimeException e) {
            LOG.warn("[{}/{}] could put back only {} of {} kept events so far ({}); retrying", name, node.name, moved,
                    events.size(), e.getMessage());
            scheduleRetry();
        }
        events.subList(0, moved).clear();
        if (events.isEmpty()) {
            parked.remove(node.name);
        }
        if (moved > 0) {
            LOG.info("[{}/{}] {} kept events put back", name, node.name, moved);
        }
    }

    /**
     * A channel leaving the configuration is first drained by the sinks still draining it (nothing writes to it
     * any more): what they deliver in time needs no keeping aside.
     */
    private void drainBeforeRemoval(ChannelNode node) {
        Channel channel = node.channel;
        boolean drainedBySomeone = runners.values().stream()
                .anyMatch(r -> r.runner != null && r.drained.contains(node.name));
        if (channel.isDurable() || channel.size() == 0 || !drainedBySomeone) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        try {
            while (channel.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[{}/{}] removed channel drained{}", name, node.name,
                channel.size() == 0 ? "" : " but for " + channel.size() + " events, kept aside");
    }

    private void stopChannel(ChannelNode node) {
        Channel channel = node.channel;
        if (!channel.isDurable() && channel.size() > 0) {
            List<Event> kept = parked.computeIfAbsent(node.name, n -> new ArrayList<>());
            int before = kept.size();
            drain(channel, kept);
            LOG.info("[{}/{}] {} events kept aside for the channel's next instance", name, node.name,
                    kept.size() - before);
        }
        try {
            channel.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}/{}] channel stop failed: {}", name, node.name, e.toString(), e);
        }
        node.counter.stop();
        node.stopped();
        LOG.info("[{}/{}] channel stopped", name, node.name);
    }

    private static void drain(Channel channel, List<Event> into) {
        int batch = Math.max(1, Math.min(channel.transactionCapacity(), 1000));
        while (true) {
            Transaction tx = channel.newTransaction();
            try {
                tx.begin();
                int taken = tx.take(batch, into);
                tx.commit();
                if (taken == 0) {
                    return;
                }
            } finally {
                tx.close();
            }
        }
    }

    private static void commitAll(Channel channel, List<Event> events) {
        Transaction tx = channel.newTransaction();
        try {
            tx.begin();
            tx.putAll(events);
            tx.commit();
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        } finally {
            tx.close();
        }
    }

    // ---- sinks and their runners

    private void startSink(SinkSpec spec) {
        String n = spec.component().name();
        SinkNode node = sinks.computeIfAbsent(n, SinkNode::new);
        node.type = spec.component().type();
        if (node.sink != null || refusedNode(node, ComponentKind.SINK)) {
            return;
        }
        ChannelNode channel = channels.get(spec.channel());
        SinkFactory factory = catalog.find(ConnectorCatalog.Kind.SINK, spec.component().type());
        if (factory == null) {
            node.setState(ComponentState.WAITING_FOR_TYPE, missingType("sink", spec.component().type()));
            return;
        }
        if (channel == null || channel.channel == null) {
            node.setState(ComponentState.WAITING, "its channel " + spec.channel() + " is not running");
            return;
        }
        Sink sink;
        try {
            sink = factory.create(spec.component().config(name));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            node.setState(ComponentState.FAILED, describe(e));
            return;
        }
        SinkCounter counter = new SinkCounter();
        node.channel = channel;
        try {
            sink.start(new SinkCtx(name, n, node, counter));
        } catch (Exception | LinkageError e) {
            startFailed(node, e);
            return;
        }
        counter.start();
        node.started(spec, factory, sink, counter, generation);
        LOG.info("[{}/{}] sink started ({})", name, n, spec.component().type());
    }

    private void stopSink(SinkNode node) {
        try {
            node.sink.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}/{}] sink stop failed: {}", name, node.name, e.toString(), e);
        }
        node.counter.stop();
        node.stopped();
        LOG.info("[{}/{}] sink stopped", name, node.name);
    }

    /** What a runner drives: a sink group, or a lone sink under the default processor. */
    private record RunnerPlan(SinkGroupSpec group, List<String> members, ComponentSpec processor) {
    }

    private static String groupKey(String group) {
        return "group " + group;
    }

    private Map<String, RunnerPlan> wantedRunners() {
        Map<String, RunnerPlan> wanted = new LinkedHashMap<>();
        for (SinkGroupSpec g : model.sinkGroups().values()) {
            if (!refused(ComponentKind.SINK_GROUP, g.name()) && !g.sinks().isEmpty()) {
                wanted.put(groupKey(g.name()), new RunnerPlan(g, g.sinks(), g.processor()));
            }
        }
        for (SinkSpec s : model.sinks().values()) {
            String n = s.component().name();
            boolean grouped = wanted.values().stream().anyMatch(p -> p.members().contains(n));
            if (!grouped) {
                wanted.put("sink " + n, new RunnerPlan(null, List.of(n), new ComponentSpec("processor", "default",
                        model.keyPrefix() + "sinks." + n + ".", Map.of())));
            }
        }
        return wanted;
    }

    private void startRunner(String key, RunnerPlan plan) {
        RunnerNode node = runners.computeIfAbsent(key, k -> new RunnerNode(plan.group() == null ? plan.members().get(0)
                : plan.group().name()));
        node.type = plan.processor().type();
        if (node.runner != null) {
            return;
        }
        node.plan = plan;
        node.members = plan.members();
        Map<String, Sink> members = new LinkedHashMap<>();
        Set<Channel> drained = new LinkedHashSet<>();
        Set<String> drainedNames = new LinkedHashSet<>();
        for (String m : plan.members()) {
            SinkNode sink = sinks.get(m);
            if (sink == null || sink.sink == null || sink.channel == null || sink.channel.channel == null) {
                node.setState(ComponentState.WAITING, "sink " + m + " is not running");
                return;
            }
            sink.channel = channels.get(sink.spec.channel());
            members.put(m, sink.sink);
            drained.add(sink.channel.channel);
            drainedNames.add(sink.spec.channel());
        }
        SinkProcessorFactory factory = catalog.find(ConnectorCatalog.Kind.SINK_PROCESSOR, plan.processor().type());
        if (factory == null) {
            node.setState(ComponentState.WAITING_FOR_TYPE, missingType("sink processor", plan.processor().type()));
            return;
        }
        SinkProcessor processor;
        try {
            processor = factory.create(plan.processor().config(name), members);
            processor.start();
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            node.setState(ComponentState.FAILED, describe(e));
            return;
        }
        Channel watched = drained.size() == 1 ? drained.iterator().next() : null;
        SinkRunner runner = new SinkRunner(name + "/" + node.name, "millrace-" + name + "-" + node.name, processor,
                () -> watched);
        node.started(factory, processor, runner, drainedNames, generation);
        runner.start();
    }

    private void stopRunner(RunnerNode node) {
        node.runner.stop();
        try {
            node.processor.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}/{}] sink processor stop failed: {}", name, node.name, e.toString(), e);
        }
        node.stopped();
    }

    // ---- sources

    private void startSource(SourceSpec spec) {
        String n = spec.component().name();
        SourceNode node = sources.computeIfAbsent(n, SourceNode::new);
        node.type = spec.component().type();
        if (node.source != null) {
            node.spec = spec;
            if (node.processor.route() == null) {
                installRoute(node, spec);
            }
            return;
        }
        if (refusedNode(node, ComponentKind.SOURCE)) {
            return;
        }
        SourceFactory factory = catalog.find(ConnectorCatalog.Kind.SOURCE, spec.component().type());
        if (factory == null) {
            node.setState(ComponentState.WAITING_FOR_TYPE, missingType("source", spec.component().type()));
            return;
        }
        Source source;
        try {
            source = factory.create(spec.component().config(name));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            node.setState(ComponentState.FAILED, describe(e));
            return;
        }
        FlowChannelProcessor processor = new FlowChannelProcessor(name + "/" + n);
        node.processor = processor;
        node.spec = spec;
        if (!installRoute(node, spec)) {
            return;
        }
        SourceCounter counter = new SourceCounter();
        try {
            source.start(new SourceCtx(name, n, processor, counter));
        } catch (Exception | LinkageError e) {
            retire(processor.withdraw("the source is not running"));
            startFailed(node, e);
            return;
        }
        SourcePoller poller = null;
        if (source instanceof PollableSource pollable) {
            Map<String, String> p = spec.component().properties();
            poller = new SourcePoller(name + "/" + n, "millrace-" + name + "-" + n, pollable,
                    longOr(p.get("backoffSleepIncrement"), SourcePoller.DEFAULT_INCREMENT),
                    longOr(p.get("maxBackoffSleep"), SourcePoller.DEFAULT_MAX));
        }
        counter.start();
        node.started(factory, source, counter, poller, generation);
        if (poller != null) {
            poller.start();
        }
        LOG.info("[{}/{}] source started ({})", name, n, spec.component().type());
    }

    /**
     * Builds the source's route from running channels and installed selector and interceptor types, and
     * installs it; leaves the source waiting (or paused) with the reason if something is missing.
     */
    private boolean installRoute(SourceNode node, SourceSpec spec) {
        Map<String, Channel> wired = new LinkedHashMap<>();
        Map<Channel, String> names = new LinkedHashMap<>();
        Map<Channel, TapPoint> taps = new LinkedHashMap<>();
        for (String c : spec.channels()) {
            ChannelNode channel = channels.get(c);
            if (channel == null || channel.channel == null) {
                return routeMissing(node, "its channel " + c + " is not running");
            }
            wired.put(c, channel.channel);
            names.put(channel.channel, c);
            taps.put(channel.channel, channelTaps.computeIfAbsent(c, x -> new TapPoint()));
        }
        List<Object> factories = new ArrayList<>();
        ChannelSelectorFactory selectorFactory = catalog.find(ConnectorCatalog.Kind.SELECTOR, spec.selector().type());
        if (selectorFactory == null) {
            return routeMissing(node, missingType("channel selector", spec.selector().type()));
        }
        factories.add(selectorFactory);
        List<InterceptorFactory> interceptorFactories = new ArrayList<>();
        for (ComponentSpec i : spec.interceptors()) {
            InterceptorFactory f = catalog.find(ConnectorCatalog.Kind.INTERCEPTOR, i.type());
            if (f == null) {
                return routeMissing(node, missingType("interceptor", i.type()) + " (interceptor " + i.name() + ")");
            }
            interceptorFactories.add(f);
            factories.add(f);
        }
        List<Interceptor> chain = new ArrayList<>();
        try {
            ChannelSelector selector = selectorFactory.create(spec.selector().config(name), wired);
            for (int i = 0; i < spec.interceptors().size(); i++) {
                Interceptor interceptor = interceptorFactories.get(i).create(spec.interceptors().get(i).config(name));
                interceptor.initialize();
                chain.add(interceptor);
            }
            List<Channel> allRequired = selector instanceof ReplicatingSelector r ? r.allRequiredOrNull() : null;
            Route route = new Route(name + "/" + node.name, spec.interceptors().stream().map(ComponentSpec::name)
                    .toList(), chain, selector, names, allRequired,
                    sourceTaps.computeIfAbsent(node.name, x -> new TapPoint()), taps);
            node.routeFactories = factories;
            retire(node.processor.install(route));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            chain.forEach(Agent::closeQuietly);
            node.setState(node.source == null ? ComponentState.FAILED : ComponentState.PAUSED, describe(e));
            return false;
        }
        if (node.source != null) {
            node.setState(ComponentState.RUNNING, null);
        }
        return true;
    }

    private boolean routeMissing(SourceNode node, String reason) {
        node.setState(node.source == null ? ComponentState.WAITING : ComponentState.PAUSED, reason);
        return false;
    }

    /** Closes the interceptors of a route no longer in use. */
    private static void retire(Route route) {
        if (route != null) {
            route.interceptors().forEach(Agent::closeQuietly);
        }
    }

    private static void closeQuietly(Interceptor interceptor) {
        try {
            interceptor.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("interceptor close failed: {}", e.toString());
        }
    }

    private void stopSource(SourceNode node) {
        if (node.poller != null) {
            node.poller.stop();
        }
        try {
            node.source.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}/{}] source stop failed: {}", name, node.name, e.toString(), e);
        }
        retire(node.processor.withdraw("the source is stopped"));
        node.counter.stop();
        node.stopped();
        LOG.info("[{}/{}] source stopped", name, node.name);
    }

    private void stopAll() {
        sources.values().stream().filter(n -> n.source != null).forEach(this::stopSource);
        runners.values().stream().filter(n -> n.runner != null).forEach(this::stopRunner);
        sinks.values().stream().filter(n -> n.sink != null).forEach(this::stopSink);
        channels.values().stream().filter(n -> n.channel != null).forEach(this::stopChannel);
    }

    // ---- helpers

    private boolean refusedNode(Node node, ComponentKind kind) {
        return model.refusal(kind, node.name).map(reason -> {
            node.setState(ComponentState.FAILED, reason);
            return true;
        }).orElse(false);
    }

    private void startFailed(Node node, Throwable e) {
        node.setState(ComponentState.FAILED, "start failed: " + e.getMessage() + "; retrying every "
                + START_RETRY_SECONDS + " s");
        if (node.failures++ == 0) {
            LOG.error("[{}/{}] start failed, retrying every {} s: {}", name, node.name, START_RETRY_SECONDS,
                    e.toString(), e);
        } else {
            LOG.warn("[{}/{}] start failed again: {}", name, node.name, e.toString());
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            control.schedule(() -> {
                retryScheduled = false;
                reconcileLoggingFailure();
            }, START_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static String missingType(String kind, String type) {
        return "no installed bundle provides " + kind + " type '" + type + "'";
    }

    private static String describe(Throwable e) {
        return e instanceof ConfigurationException ? e.getMessage() : e.toString();
    }

    private static long longOr(String value, long fallback) {
        return value == null ? fallback : Long.parseLong(value.trim());
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

    private void publish() {
        List<ComponentStatus> list = new ArrayList<>();
        sources.values().forEach(n -> list.add(n.status(ComponentKind.SOURCE)));
        channels.values().forEach(n -> list.add(n.status(ComponentKind.CHANNEL)));
        sinks.values().forEach(n -> list.add(sinkStatus(n)));
        runners.values().stream().filter(n -> n.plan != null && n.plan.group() != null)
                .forEach(n -> list.add(n.status(ComponentKind.SINK_GROUP)));
        List<String> errors = new ArrayList<>(rejected.stream().map(e -> "update rejected: " + e).toList());
        model.errors().forEach(f -> errors.add(f.toString()));
        published = new AgentStatus(name, generation, List.copyOf(list), List.copyOf(errors),
                model.warnings().stream().map(Finding::toString).toList());
    }

    /** A started sink whose runner is not running is waiting on it. */
    private ComponentStatus sinkStatus(SinkNode n) {
        ComponentStatus s = n.status(ComponentKind.SINK);
        if (s.state() == ComponentState.RUNNING) {
            RunnerNode runner = runners.values().stream().filter(r -> r.members.contains(n.name)).findFirst()
                    .orElse(null);
            if (runner == null || runner.runner == null) {
                String why = runner == null ? "no runner" : runner.reason;
                return new ComponentStatus(s.kind(), s.name(), s.type(), ComponentState.WAITING,
                        "started, not draining: " + why, s.startTime(), s.generation(), Map.of());
            }
        }
        return s;
    }

    private Map<String, Object> counters(ComponentKind kind, String component) {
        return switch (kind) {
            case SOURCE -> {
                SourceNode n = sources.get(component);
                Map<String, Object> out = new LinkedHashMap<>(n == null || n.counter == null ? Map.of()
                        : n.counter.attributes());
                Route route = n == null || n.processor == null ? null : n.processor.route();
                if (route != null) {
                    route.droppedByInterceptor().forEach((i, d) -> out.put("interceptor." + i + ".EventDroppedCount", d));
                }
                yield out;
            }
            case CHANNEL -> {
                ChannelNode n = channels.get(component);
                yield n == null || n.counter == null ? Map.of() : n.counter.attributes();
            }
            case SINK -> {
                SinkNode n = sinks.get(component);
                yield n == null || n.counter == null ? Map.of() : n.counter.attributes();
            }
            case SINK_GROUP -> Map.of();
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // live component records; fields are written on the control thread, read by status()

    private abstract static class Node {
        final String name;
        volatile String type = "";
        volatile ComponentState state = ComponentState.STOPPED;
        volatile String reason;
        volatile long startTime;
        volatile long generation;
        Object factory;
        int failures;

        Node(String name) {
            this.name = name;
        }

        void setState(ComponentState newState, String why) {
            state = newState;
            reason = why;
        }

        void running(Object createdBy, long gen) {
            factory = createdBy;
            generation = gen;
            startTime = System.currentTimeMillis();
            failures = 0;
            setState(ComponentState.RUNNING, null);
        }

        void stopped() {
            factory = null;
            startTime = 0;
            setState(ComponentState.STOPPED, null);
        }

        ComponentStatus status(ComponentKind kind) {
            return new ComponentStatus(kind, name, type, state, reason, startTime, generation, Map.of());
        }
    }

    private static final class ChannelNode extends Node {
        ComponentSpec spec;
        volatile Channel channel;
        ChannelCounter counter;

        ChannelNode(String name) {
            super(name);
        }

        void started(ComponentSpec s, Object f, Channel c, ChannelCounter cc, long gen) {
            spec = s;
            channel = c;
            counter = cc;
            running(f, gen);
        }

        @Override
        void stopped() {
            super.stopped();
            channel = null;
        }
    }

    private static final class SourceNode extends Node {
        SourceSpec spec;
        Source source;
        SourceCounter counter;
        volatile FlowChannelProcessor processor;
        SourcePoller poller;
        /** The selector factory, then each interceptor's factory, of the installed route. */
        List<Object> routeFactories = List.of();

        SourceNode(String name) {
            super(name);
        }

        void started(Object f, Source s, SourceCounter c, SourcePoller p, long gen) {
            source = s;
            counter = c;
            poller = p;
            running(f, gen);
        }

        @Override
        void stopped() {
            super.stopped();
            source = null;
            poller = null;
        }
    }

    private static final class SinkNode extends Node {
        SinkSpec spec;
        Sink sink;
        SinkCounter counter;
        volatile ChannelNode channel;

        SinkNode(String name) {
            super(name);
        }

        void started(SinkSpec s, Object f, Sink k, SinkCounter c, long gen) {
            spec = s;
            sink = k;
            counter = c;
            running(f, gen);
        }

        @Override
        void stopped() {
            super.stopped();
            sink = null;
        }
    }

    private static final class RunnerNode extends Node {
        RunnerPlan plan;
        List<String> members = List.of();
        /** The channels the member sinks drain. */
        Set<String> drained = Set.of();
        SinkProcessor processor;
        SinkRunner runner;

        RunnerNode(String name) {
            super(name);
        }

        void started(Object f, SinkProcessor p, SinkRunner r, Set<String> channelNames, long gen) {
            processor = p;
            runner = r;
            drained = channelNames;
            running(f, gen);
        }

        @Override
        void stopped() {
            super.stopped();
            processor = null;
            runner = null;
        }
    }

    private record SourceCtx(String agentName, String componentName, ChannelProcessor channelProcessor,
            SourceCounter counter) implements SourceContext {
    }

    private record ChannelCtx(String agentName, String componentName, ChannelCounter counter)
            implements ChannelContext {
    }

    /** A sink's channel is read through its node, so a replaced channel is seen at the next process(). */
    private record SinkCtx(String agentName, String componentName, SinkNode node, SinkCounter counter)
            implements SinkContext {
        @Override
        public Channel channel() {
            ChannelNode current = node.channel;
            return current == null ? null : current.channel;
        }
    }

    @Override
    public String toString() {
        return "Agent[" + name + ", generation " + generation + "]";
    }
}

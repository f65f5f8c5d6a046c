package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.millrace.api.ConfigProblem;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SourceSpec;
import org.millrace.platform.internal.plan.RunningFlow.LiveChannel;
import org.millrace.platform.internal.plan.RunningFlow.LiveSink;
import org.millrace.platform.internal.plan.RunningFlow.LiveSource;

/**
 * A model with every component tried against the installed connectors ({@link ComponentCheck}) and its
 * resources matched ({@link ResourceMatch}): what the planner decides from. Collects every finding about the
 * model — its own, what factories refuse, types no bundle provides, ignored keys, resource conflicts — and says
 * what keeps each component from running, whatever else runs.
 */
final class CheckedModel {
    /** Why a component cannot run, and the state it waits in. */
    record Block(ComponentState state, String reason) {
    }

    final FlowModel model;
    final RunningFlow running;
    /** Why every running component is replaced, or {@code null}: for {@code millrace:reload}. */
    final String rebuild;
    final Map<String, ComponentCheck> channels = new LinkedHashMap<>();
    final Map<String, ComponentCheck> sources = new LinkedHashMap<>();
    final Map<String, ComponentCheck> sinks = new LinkedHashMap<>();
    /** By runner key. */
    final Map<String, ComponentCheck> runners = new LinkedHashMap<>();
    final Map<String, RunnerSpec> wantedRunners;
    final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> conflicts;

    CheckedModel(RunningFlow running, FlowModel model, String rebuild, Connectors connectors,
            List<Planner.Held> elsewhere) {
        this.model = model;
        this.running = running;
        this.rebuild = rebuild;
        this.wantedRunners = RunnerSpec.of(model);
        String agent = model.agentName();
        model.channels().forEach((n, c) -> channels.put(n, ComponentCheck.channel(agent, c, connectors)));
        model.sources().forEach((n, s) -> sources.put(n, ComponentCheck.source(agent, s, connectors)));
        model.sinks().forEach((n, s) -> sinks.put(n, ComponentCheck.sink(agent, s, connectors)));
        wantedRunners.forEach((k, r) -> runners.put(k, ComponentCheck.processor(agent, r, connectors)));
        report(ComponentKind.CHANNEL, channels, n -> asIs(running.channels().get(n), n), n -> true);
        report(ComponentKind.SOURCE, sources, n -> asIs(running.sources().get(n), n), this::routeAsIs);
        report(ComponentKind.SINK, sinks, n -> asIs(running.sinks().get(n), n), n -> true);
        Map<String, ComponentCheck> groups = new LinkedHashMap<>();
        runners.forEach((k, c) -> groups.put(wantedRunners.get(k).name(), c));
        report(ComponentKind.SINK_GROUP, groups, n -> false, n -> true);
        conflicts = new ResourceMatch(model).declare(ComponentKind.CHANNEL, channels, running.channels().keySet())
                .declare(ComponentKind.SOURCE, sources, running.sources().keySet())
                .declare(ComponentKind.SINK, sinks, running.sinks().keySet()).refusals(elsewhere, findings);
    }

    private void report(ComponentKind kind, Map<String, ComponentCheck> checks, Predicate<String> runningAsIs,
            Predicate<String> routeAsIs) {
        checks.forEach((name, c) -> {
            if (!runningAsIs.test(name)) {
                c.errors().forEach(p -> findings.add(new Finding(true, kind, name, p)));
            }
            if (!routeAsIs.test(name)) {
                c.routeErrors().forEach(p -> findings.add(new Finding(true, kind, name, p)));
            }
            c.missing().forEach(p -> findings.add(new Finding(false, kind, name, new ConfigProblem(p.key(), p.value(),
                    p.reason() + "; the " + kind.word() + " waits for a bundle that provides it", true))));
            c.ignored().forEach(p -> findings.add(new Finding(false, kind, name, p)));
        });
    }

    /** Every finding: the model's errors, then the checks' errors, the model's warnings, the checks' warnings. */
    List<Finding> findings() {
        List<Finding> ordered = new ArrayList<>(model.errors());
        findings.stream().filter(Finding::error).forEach(ordered::add);
        ordered.addAll(model.warnings());
        findings.stream().filter(f -> !f.error()).forEach(ordered::add);
        return ordered;
    }

    /**
     * Whether a component runs now exactly as the model declares it, built by the factory that would build it;
     * never while rebuilding.
     */
    boolean asIs(Object live, String name) {
        if (rebuild != null) {
            return false;
        }
        if (live instanceof LiveChannel c) {
            return c.spec().equals(model.channels().get(name)) && c.factory() == channels.get(name).factory();
        }
        if (live instanceof LiveSource s) {
            SourceSpec want = model.sources().get(name);
            return want != null && s.spec().component().equals(want.component())
                    && s.factory() == sources.get(name).factory();
        }
        if (live instanceof LiveSink s) {
            return s.spec().equals(model.sinks().get(name)) && s.factory() == sinks.get(name).factory();
        }
        return false;
    }

    /** Whether a running source's installed route is what the model declares, built by the same factories. */
    boolean routeAsIs(String name) {
        LiveSource live = running.sources().get(name);
        SourceSpec want = model.sources().get(name);
        if (rebuild != null || live == null || live.route() == null || want == null) {
            return false;
        }
        SourceSpec was = live.route().wiring();
        return was.channels().equals(want.channels()) && was.selector().equals(want.selector())
                && was.interceptors().equals(want.interceptors())
                && sameFactories(live.route().factories(), sources.get(name).routeFactories());
    }

    private static boolean sameFactories(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why a component cannot run whatever else runs — refused by the model or its factory, type missing, a
     * resource held elsewhere — or {@code null} if it can. A running component's factory problems are ignored:
     * it runs already.
     */
    Block block(ComponentKind kind, String name, ComponentCheck check, boolean runningAsIs) {
        String refusal = model.refusal(kind, name).orElse(null);
        if (refusal != null) {
            return new Block(ComponentState.FAILED, refusal);
        }
        if (check.factory() == null) {
            return new Block(ComponentState.WAITING_FOR_TYPE, check.missing().isEmpty() ? "its type is not set"
                    : check.missing().get(0).reason());
        }
        List<ConfigProblem> refusing = new ArrayList<>(runningAsIs ? List.of() : check.errors());
        if (kind == ComponentKind.SOURCE && !routeAsIs(name)) {
            refusing.addAll(check.routeErrors());
        }
        if (!refusing.isEmpty()) {
            return new Block(ComponentState.FAILED, refusing.stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")));
        }
        String conflict = conflicts.get(ResourceMatch.id(kind, name));
        if (conflict != null) {
            return new Block(ComponentState.FAILED, conflict);
        }
        return check.waitsFor().isEmpty() ? null
                : new Block(ComponentState.WAITING_FOR_TYPE, check.waitsFor().get(0).reason());
    }
}

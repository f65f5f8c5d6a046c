package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.millrace.api.ConfigProblem;
import org.millrace.api.Resource;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;

/**
 * Which components of a model may hold the resources they declare: none may hold what a component of another
 * agent holds; within the agent, a component running now keeps what it holds, and among new ones the first
 * declared (channels, then sources, then sinks) gets it. Each refused component gets an error naming both
 * components and the resource.
 */
final class ResourceMatch {
    private record Holding(Resource resource, ComponentKind kind, String name, boolean runningNow) {
        String holder() {
            return kind.word() + " " + name;
        }
    }

    private final FlowModel model;
    private final List<Holding> wanted = new ArrayList<>();
    /** Why a component may not hold its resources, by {@code kind name}. */
    private final Map<String, String> conflicts = new LinkedHashMap<>();

    ResourceMatch(FlowModel model) {
        this.model = model;
    }

    /** Adds the resources of the components of one kind that the model lets run. */
    ResourceMatch declare(ComponentKind kind, Map<String, ComponentCheck> checks, Set<String> runningNow) {
        checks.forEach((name, c) -> {
            if (model.refusal(kind, name).isEmpty() && c.factory() != null) {
                c.resources().forEach(r -> wanted.add(new Holding(r, kind, name, runningNow.contains(name))));
            }
        });
        return this;
    }

    /**
     * Matches what was declared against itself and against what other agents hold; adds an error per refusal. A
     * component gets all its resources or none, so a refused one blocks nobody.
     */
    Map<String, String> refusals(List<Planner.Held> elsewhere, List<Finding> findings) {
        Map<String, List<Holding>> byComponent = new LinkedHashMap<>();
        List<Holding> order = new ArrayList<>(wanted);
        order.sort(Comparator.comparing(h -> !h.runningNow()));
        order.forEach(h -> byComponent.computeIfAbsent(id(h.kind(), h.name()), k -> new ArrayList<>()).add(h));
        List<Holding> granted = new ArrayList<>();
        byComponent.forEach((id, holdings) -> {
            for (Holding h : holdings) {
                String clash = clash(h, elsewhere, granted);
                if (clash != null) {
                    String reason = "would hold " + h.resource() + ", but " + clash;
                    conflicts.put(id, reason);
                    findings.add(new Finding(true, h.kind(), h.name(), new ConfigProblem(model.keyPrefix()
                            + h.kind().section() + "." + h.name(), null, reason)));
                    return;
                }
            }
            granted.addAll(holdings);
        });
        return conflicts;
    }

    private static String clash(Holding h, List<Planner.Held> elsewhere, List<Holding> granted) {
        String clash = elsewhere.stream().filter(e -> e.resource().conflictsWith(h.resource())).findFirst()
                .map(e -> e.holder() + " holds " + e.resource()).orElse(null);
        return clash != null ? clash : granted.stream().filter(g -> g.resource().conflictsWith(h.resource()))
                .findFirst().map(g -> g.holder() + " of this agent holds " + g.resource()).orElse(null);
    }

    /** How a component is named in the map {@link #refusals} returns. */
    static String id(ComponentKind kind, String name) {
        return kind + " " + name;
    }
}

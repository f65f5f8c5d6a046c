package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.Planner;

/**
 * What the components of every agent of this Karaf hold (ports, directories, files), so that one agent's plan
 * can see what another's components hold. An agent records its plan's claims only if no other agent's claims
 * changed while it planned, so two agents never both get a resource; when an agent's claims change, the others
 * plan again, so a component refused for a resource another agent held starts once it is free.
 */
public final class ResourceClaims {
    private final Map<String, List<FlowPlan.Claim>> byAgent = new LinkedHashMap<>();
    private final Map<String, Runnable> watchers = new LinkedHashMap<>();
    /** Counts the changes of any agent's claims. */
    private long changes;

    /**
     * Plans with what the other agents hold and records the plan's claims if {@code keep} accepts the plan,
     * planning again if another agent's claims changed meanwhile. Plans outside this object's lock: planning calls
     * connectors' factories, which may load classes and so wait for the framework, and a framework thread holding
     * its own lock (a bundle refresh) can be waiting for another agent, which must not then wait for this lock.
     */
    public FlowPlan planAndHold(String agent, Function<List<Planner.Held>, FlowPlan> planner,
            Predicate<FlowPlan> keep) {
        while (true) {
            long seen;
            List<Planner.Held> others;
            synchronized (this) {
                seen = changes;
                others = heldByOthers(agent);
            }
            FlowPlan plan = planner.apply(others);
            synchronized (this) {
                if (changes == seen) {
                    if (keep.test(plan)) {
                        hold(agent, plan.claims());
                    }
                    return plan;
                }
            }
        }
    }

    /** What the other agents' components hold, each with its holder's name. */
    public synchronized List<Planner.Held> heldByOthers(String agent) {
        List<Planner.Held> out = new ArrayList<>();
        byAgent.forEach((other, claims) -> {
            if (!other.equals(agent)) {
                claims.forEach(c -> out.add(new Planner.Held(c.resource(), c.kind().word() + " " + c.component()
                        + " of agent " + other)));
            }
        });
        return out;
    }

    /** Tells an agent, by running {@code planAgain} (which must not block), when another agent's claims change. */
    synchronized void watch(String agent, Runnable planAgain) {
        watchers.put(agent, planAgain);
    }

    /** Records what an agent's components hold from now on. */
    synchronized void hold(String agent, List<FlowPlan.Claim> claims) {
        List<FlowPlan.Claim> now = List.copyOf(claims);
        if (!now.equals(byAgent.put(agent, now))) {
            changes++;
            tellOthers(agent);
        }
    }

    /** Forgets a stopped agent's claims. */
    synchronized void release(String agent) {
        watchers.remove(agent);
        if (byAgent.remove(agent) != null) {
            changes++;
            tellOthers(agent);
        }
    }

    private void tellOthers(String agent) {
        watchers.forEach((other, planAgain) -> {
            if (!other.equals(agent)) {
                planAgain.run();
            }
        });
    }
}

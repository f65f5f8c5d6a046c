package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.Planner;

/**
 * What the components of every agent of this Karaf hold (ports, directories, files), so that one agent's plan
 * can see what another's components hold. An agent plans and records its claims while holding this object's
 * lock, so two agents never both get a resource; when an agent's claims change, the others plan again, so a
 * component refused for a resource another agent held starts once it is free.
 */
public final class ResourceClaims {
    private final Map<String, List<FlowPlan.Claim>> byAgent = new LinkedHashMap<>();
    private final Map<String, Runnable> watchers = new LinkedHashMap<>();

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
            tellOthers(agent);
        }
    }

    /** Forgets a stopped agent's claims. */
    synchronized void release(String agent) {
        watchers.remove(agent);
        if (byAgent.remove(agent) != null) {
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

package org.millrace.platform.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.millrace.api.Resource;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.Planner;

class ResourceClaimsTest {
    private final ResourceClaims claims = new ResourceClaims();

    private static FlowPlan holding(String agent, int port) {
        return new FlowPlan(FlowModel.empty(agent), List.of(), List.of(), List.of(),
                List.of(new FlowPlan.Claim(Resource.tcpPort("127.0.0.1", port), ComponentKind.SOURCE, "r1")));
    }

    @Test
    void anotherAgentsClaimsThatChangeWhileAnAgentPlansMakeItPlanAgainWithThem() {
        List<List<Planner.Held>> seen = new ArrayList<>();
        FlowPlan plan = claims.planAndHold("a1", held -> {
            seen.add(held);
            if (seen.size() == 1) {
                claims.hold("a2", holding("a2", 4141).claims()); // a2 records its plan meanwhile
            }
            return holding("a1", 4242);
        }, p -> true);
        assertEquals(2, seen.size());
        assertEquals(List.of(), seen.get(0));
        assertEquals(1, seen.get(1).size());
        assertEquals(Resource.tcpPort("127.0.0.1", 4141), seen.get(1).get(0).resource());
        assertEquals(plan.claims().get(0).resource(), claims.heldByOthers("a2").get(0).resource());
    }

    @Test
    void aPlanTheAgentDoesNotKeepLeavesItsClaimsAsTheyWere() {
        claims.hold("a1", holding("a1", 4242).claims());
        claims.planAndHold("a1", held -> holding("a1", 4343), p -> false);
        assertEquals(Resource.tcpPort("127.0.0.1", 4242), claims.heldByOthers("a2").get(0).resource());
    }

    @Test
    void whileOneAgentPlansOthersRecordTheirClaims() {
        // planning may wait for the framework, which may be waiting for another agent to record its plan
        FlowPlan plan = claims.planAndHold("a1", held -> {
            CompletableFuture<Void> other = CompletableFuture.runAsync(
                    () -> claims.hold("a2", holding("a2", 4141).claims()));
            try {
                other.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("another agent could not record its claims while a1 planned", e);
            }
            return holding("a1", 4242);
        }, p -> true);
        assertTrue(claims.heldByOthers("a1").stream()
                .anyMatch(h -> h.resource().equals(Resource.tcpPort("127.0.0.1", 4141))));
        assertEquals(Resource.tcpPort("127.0.0.1", 4242), plan.claims().get(0).resource());
    }
}

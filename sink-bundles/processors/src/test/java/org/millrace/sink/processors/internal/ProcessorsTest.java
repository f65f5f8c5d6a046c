package org.millrace.sink.processors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkProcessor;
import org.millrace.api.Status;
import org.millrace.sink.processors.SinkSelector;

class ProcessorsTest {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Boolean> failing = new LinkedHashMap<>();

    /** A sink that records its calls and fails while marked failing. */
    private Sink sink(String name) {
        failing.put(name, false);
        return new Sink() {
            @Override
            public void start(SinkContext context) {
            }

            @Override
            public Status process() throws EventDeliveryException {
                calls.add(name);
                if (failing.get(name)) {
                    throw new EventDeliveryException(name + " is down");
                }
                return Status.READY;
            }

            @Override
            public void stop() {
            }
        };
    }

    private Map<String, Sink> sinks(String... names) {
        Map<String, Sink> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, sink(n));
        }
        return out;
    }

    private static ComponentConfig config(String type, Map<String, String> properties) {
        return new ComponentConfig("a1", "g1", type, "a1.sinkgroups.g1.processor.", properties);
    }

    @Test
    void failoverUsesTheHighestPriorityAndFailsOverToTheNext() throws Exception {
        SinkProcessor p = new FailoverProcessorFactory().create(config("failover",
                Map.of("priority.k1", "5", "priority.k2", "10", "maxpenalty", "50")), sinks("k1", "k2"));
        p.process();
        assertEquals(List.of("k2"), calls, "k2 has the higher priority");
        failing.put("k2", true);
        p.process();
        assertEquals(List.of("k2", "k2", "k1"), calls, "k2 failed; k1 delivered in the same round");
        calls.clear();
        p.process();
        assertEquals(List.of("k1"), calls, "k2 is parked");
        failing.put("k2", false);
        Thread.sleep(60);
        calls.clear();
        p.process();
        p.process();
        assertEquals(List.of("k2", "k2"), calls, "after its penalty k2 is retried and takes over again");
    }

    @Test
    void failoverFailsTheRoundWhenEverySinkFails() throws Exception {
        SinkProcessor p = new FailoverProcessorFactory().create(config("failover", Map.of()), sinks("k1", "k2"));
        failing.replaceAll((k, v) -> true);
        EventDeliveryException e = assertThrows(EventDeliveryException.class, p::process);
        assertEquals("[a1/g1] All sinks failed to process, nothing left to failover to", e.getMessage());
        assertEquals(List.of("k1", "k2"), calls, "unset priorities rank in list order: k1 first");
    }

    @Test
    void failoverPrioritiesMustBeNumbersOfTheGroupsSinksAndDiffer() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new FailoverProcessorFactory()
                .create(config("failover", Map.of("priority.k1", "high", "priority.k2", "7", "priority.k3", "7",
                        "priority.k9", "1")), sinks("k1", "k2", "k3")));
        assertEquals(List.of("a1.sinkgroups.g1.processor.priority.k1 = high: not a whole number",
                "a1.sinkgroups.g1.processor.priority.k3 = 7: sink k2 has the same priority; priorities must differ"
                        + " (Flume would silently leave k3 out)",
                "a1.sinkgroups.g1.processor.priority.k9 = 1: 'k9' is not a sink of this group [k1, k2, k3]"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void loadBalanceTakesTurnsAndSkipsAFailingSink() throws Exception {
        SinkProcessor p = new LoadBalanceProcessorFactory().create(config("load_balance", Map.of()),
                sinks("k1", "k2", "k3"));
        for (int i = 0; i < 6; i++) {
            p.process();
        }
        assertEquals(List.of("k1", "k2", "k3", "k1", "k2", "k3"), calls);
        calls.clear();
        failing.put("k2", true);
        for (int i = 0; i < 3; i++) {
            p.process();
        }
        assertEquals(List.of("k1", "k2", "k3", "k1"), calls, "k2 failed, k3 delivered in its stead, then k1's turn");
    }

    @Test
    void loadBalanceWithBackoffLeavesAFailedSinkOut() throws Exception {
        SinkProcessor p = new LoadBalanceProcessorFactory().create(config("load_balance", Map.of("backoff", "true",
                "selector.maxTimeOut", "100000")), sinks("k1", "k2"));
        failing.put("k1", true);
        for (int i = 0; i < 4; i++) {
            p.process();
        }
        assertEquals(List.of("k1", "k2", "k2", "k2", "k2"), calls, "after one failure k1 is left out");
        failing.put("k2", true);
        assertThrows(EventDeliveryException.class, p::process, "every sink failed or is backed off");
    }

    @Test
    void loadBalanceUsesACustomSelectorFromAnotherBundle() throws Exception {
        LoadBalanceProcessorFactory factory = new LoadBalanceProcessorFactory();
        factory.addSelector((config, names) -> new SinkSelector() {
            @Override
            public List<String> order() {
                return List.of(names.get(names.size() - 1));
            }
        }, Map.of("millrace.type", "LastOnly"));
        SinkProcessor p = factory.create(config("load_balance", Map.of("selector", "lastonly")), sinks("k1", "k2"));
        p.process();
        p.process();
        assertEquals(List.of("k2", "k2"), calls);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> factory.create(
                config("load_balance", Map.of("selector", "busiest")), sinks("k1", "k2")));
        assertEquals("a1.sinkgroups.g1.processor.selector = busiest: no installed bundle provides sink selector type"
                + " 'busiest'", e.problems().get(0).toString());
        assertTrue(e.problems().get(0).missingType(), "the group waits for a bundle providing it");
    }

    @Test
    void loadBalanceNeedsTwoSinks() {
        assertThrows(ConfigurationException.class, () -> new LoadBalanceProcessorFactory().create(
                config("load_balance", Map.of()), sinks("k1")));
    }
}

package org.millrace.platform.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.millrace.api.ComponentConfig;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.FlowPlan.Action;
import org.millrace.platform.internal.plan.RunningFlow;

/**
 * The printed plan is the executed one: for every kind of step, what {@code millrace:diff} shows is what the agent
 * then does; and applying any change to a running flow leaves the same components running as starting the new
 * flow fresh.
 */
class AgentPlanTest {
    private final ConnectorCatalog catalog = new ConnectorCatalog();
    private final List<Agent> agents = new ArrayList<>();

    AgentPlanTest() {
        catalog.add(ConnectorKind.CHANNEL, new TestConnectors.Queues(), List.of("queue"), 0, "test");
        catalog.add(ConnectorKind.CHANNEL, (org.millrace.api.ChannelFactory) Elastic::new, List.of("elastic"), 0,
                "test");
        catalog.add(ConnectorKind.SINK, new TestConnectors.Lists(), List.of("list"), 0, "test");
        catalog.add(ConnectorKind.SOURCE, new TestConnectors.Pushers(), List.of("push"), 0, "test");
        catalog.add(ConnectorKind.INTERCEPTOR, new TestConnectors.Tags(), List.of("tag"), 0, "test");
        catalog.add(ConnectorKind.SINK_PROCESSOR, (SinkProcessorFactory) (config, sinks) -> {
            config.get("weight");
            List<org.millrace.api.Sink> members = List.copyOf(sinks.values());
            return () -> {
                Status any = Status.BACKOFF;
                for (org.millrace.api.Sink s : members) {
                    any = s.process() == Status.READY ? Status.READY : any;
                }
                return any;
            };
        }, List.of("all"), 0, "test");
    }

    /** A channel that takes a new capacity in place. */
    static final class Elastic extends QueueChannel {
        private final ComponentConfig config;

        Elastic(ComponentConfig config) {
            this.config = config;
            config.get("capacity");
        }

        @Override
        public boolean canReconfigure(ComponentConfig next) {
            Map<String, String> a = new LinkedHashMap<>(config.properties());
            Map<String, String> b = new LinkedHashMap<>(next.properties());
            a.remove("capacity");
            b.remove("capacity");
            return a.equals(b);
        }

        @Override
        public boolean reconfigure(ComponentConfig next) {
            return true;
        }
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::stop);
    }

    private Agent agent(String name) {
        Agent agent = new Agent(name, catalog);
        agents.add(agent);
        return agent;
    }

    private static FlowModel model(String flume) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : flume.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            props.put(kv[0].trim(), kv[1].trim());
        }
        return FlumeConfigParser.parse("a1", null, props);
    }

    static final String BASE = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1 k2
            a1.sources.r1.type = push
            a1.sources.r1.channels = c1
            a1.channels.c1.type = elastic
            a1.sinks.k1.type = list
            a1.sinks.k1.channel = c1
            a1.sinks.k2.type = list
            a1.sinks.k2.channel = c1
            a1.sinkgroups = g1
            a1.sinkgroups.g1.sinks = k1 k2
            a1.sinkgroups.g1.processor.type = all
            """;

    static Stream<String[]> changes() {
        return Stream.of(
                new String[] {"keep", BASE},
                new String[] {"replace a sink, rewire its group", BASE + "a1.sinks.k2.note = x\n"},
                new String[] {"reconfigure a channel, rewire its source", BASE + "a1.channels.c1.capacity = 50\n"},
                new String[] {"replace a channel", BASE.replace("c1.type = elastic", "c1.type = queue")},
                new String[] {"rewire a source", BASE + "a1.sources.r1.interceptors = i\na1.sources.r1.interceptors.i"
                        + ".type = tag\n"},
                new String[] {"replace a source", BASE + "a1.sources.r1.note = x\n"},
                new String[] {"replace a group", BASE + "a1.sinkgroups.g1.processor.weight = 2\n"},
                new String[] {"start and stop", BASE.replace("a1.sinks = k1 k2", "a1.sinks = k1 k3")
                        .replace("a1.sinkgroups.g1.sinks = k1 k2", "a1.sinkgroups.g1.sinks = k1 k3")
                        .replace("sinks.k2.", "sinks.k3.")},
                new String[] {"wait for a type", BASE.replace("k2.type = list", "k2.type = later")},
                new String[] {"stop the group", BASE.replace("a1.sinkgroups = g1\n", "")
                        .replace("a1.sinkgroups.g1.sinks = k1 k2\n", "").replace("a1.sinkgroups.g1.processor.type = all\n",
                                "")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void whatDiffPrintsIsWhatTheAgentDoes(String name, String next) throws Exception {
        Agent agent = agent("a1");
        assertTrue(agent.apply(model(BASE)));
        AgentStatus before = agent.status();
        Thread.sleep(5);
        FlowPlan printed = agent.planFor(model(next));
        assertTrue(agent.apply(model(next)));
        FlowPlan done = agent.lastPlan();
        assertEquals(printed.describe(), done.describe(), "millrace:diff printed the plan the agent carried out");
        AgentStatus after = agent.status();
        for (FlowPlan.Step step : done.steps()) {
            check(step.kind(), step.name(), step.action(), step.waitsAs(), before, after);
        }
        for (FlowPlan.RunnerStep step : done.runners()) {
            if (step.spec().group() != null) {
                check(ComponentKind.SINK_GROUP, step.spec().name(), step.action(), step.waitsAs(), before, after);
            }
        }
    }

    /** What a step promised, seen in the status: kept things keep their start time, new ones have a new one. */
    private static void check(ComponentKind kind, String name, Action action, ComponentState waitsAs,
            AgentStatus before, AgentStatus after) {
        ComponentStatus was = before.component(kind, name);
        ComponentStatus is = after.component(kind, name);
        String what = action + " " + kind.word() + " " + name;
        switch (action) {
            case KEEP, REWIRE, RECONFIGURE -> {
                assertNotNull(is, what);
                assertEquals(was.startTime(), is.startTime(), what + ": the same instance runs on");
                if (action == Action.RECONFIGURE) {
                    assertNotEquals(was.generation(), is.generation(), what + ": took the new generation in place");
                }
            }
            case START, REPLACE -> {
                assertNotNull(is, what);
                assertEquals(ComponentState.RUNNING, is.state(), what + ": " + is.reason());
                assertNotEquals(was == null ? 0 : was.startTime(), is.startTime(), what + ": a new instance runs");
            }
            case STOP -> assertTrue(is == null || is.state() != ComponentState.RUNNING, what + ": " + is);
            case WAIT -> assertEquals(waitsAs, is.state(), what + ": " + is.reason());
        }
    }

    @Test
    void aReplacedMemberSinkKeepsItsGroupsProcessor() throws Exception {
        Agent agent = agent("a1");
        agent.apply(model(BASE));
        Object processorBefore = agent.running().runners().get("group g1");
        agent.apply(model(BASE + "a1.sinks.k2.note = x\n"));
        RunningFlow after = agent.running();
        assertEquals(processorBefore, after.runners().get("group g1"), "same spec, same processor factory");
        assertEquals(ComponentState.RUNNING, agent.status().component(ComponentKind.SINK_GROUP, "g1").state());
    }

    // ---- applying plan(A -> B) to a running A ends like starting B fresh

    private static final String[] CHANNEL_TYPES = {"queue", "elastic"};

    /** A random flow over a few names, all wired validly. */
    private static String randomFlow(Random random) {
        List<String> channels = pick(random, List.of("c1", "c2", "c3"));
        List<String> sinks = pick(random, List.of("k1", "k2", "k3"));
        List<String> sources = pick(random, List.of("r1", "r2"));
        StringBuilder f = new StringBuilder();
        f.append("a1.channels = ").append(String.join(" ", channels)).append('\n');
        f.append("a1.sinks = ").append(String.join(" ", sinks)).append('\n');
        f.append("a1.sources = ").append(String.join(" ", sources)).append('\n');
        for (String c : channels) {
            f.append("a1.channels.").append(c).append(".type = ").append(CHANNEL_TYPES[random.nextInt(2)]).append('\n');
            if (random.nextBoolean()) {
                f.append("a1.channels.").append(c).append(".capacity = ").append(10 + random.nextInt(3)).append('\n');
            }
        }
        for (String k : sinks) {
            f.append("a1.sinks.").append(k).append(".type = list\n");
            f.append("a1.sinks.").append(k).append(".channel = ").append(channels.get(random.nextInt(channels.size())))
                    .append('\n');
            if (random.nextBoolean()) {
                f.append("a1.sinks.").append(k).append(".note = ").append(random.nextInt(2)).append('\n');
            }
        }
        for (String r : sources) {
            f.append("a1.sources.").append(r).append(".type = push\n");
            f.append("a1.sources.").append(r).append(".channels = ").append(String.join(" ", pick(random, channels)))
                    .append('\n');
            if (random.nextBoolean()) {
                f.append("a1.sources.").append(r).append(".interceptors = i\n");
                f.append("a1.sources.").append(r).append(".interceptors.i.type = tag\n");
                f.append("a1.sources.").append(r).append(".interceptors.i.mark = ").append(random.nextInt(2))
                        .append('\n');
            }
        }
        if (sinks.size() >= 2 && random.nextBoolean()) {
            f.append("a1.sinkgroups = g1\na1.sinkgroups.g1.sinks = ").append(sinks.get(0)).append(' ')
                    .append(sinks.get(1)).append("\na1.sinkgroups.g1.processor.type = all\n");
            if (random.nextBoolean()) {
                f.append("a1.sinkgroups.g1.processor.weight = ").append(random.nextInt(2)).append('\n');
            }
        }
        return f.toString();
    }

    private static List<String> pick(Random random, List<String> from) {
        List<String> out = new ArrayList<>();
        for (String s : from) {
            if (random.nextBoolean()) {
                out.add(s);
            }
        }
        return out.isEmpty() ? List.of(from.get(random.nextInt(from.size()))) : out;
    }

    /** What runs, without instance identities: specs, factories, routes and states. */
    private static String running(Agent agent) {
        RunningFlow r = agent.running();
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(r.channels()).forEach((n, c) -> out.append("channel ").append(n).append(' ').append(c.spec()).append(' ')
                .append(c.factory()).append('\n'));
        new java.util.TreeMap<>(r.sources()).forEach((n, s) -> out.append("source ").append(n).append(' ').append(s.spec()).append(" route ")
                .append(s.route()).append('\n'));
        new java.util.TreeMap<>(r.sinks()).forEach((n, s) -> out.append("sink ").append(n).append(' ').append(s.spec()).append(' ')
                .append(s.factory()).append('\n'));
        new java.util.TreeMap<>(r.runners()).forEach((k, s) -> out.append("runner ").append(k).append(' ').append(s).append('\n'));
        agent.status().components().forEach(c -> out.append(c.kind()).append(' ').append(c.name()).append(' ')
                .append(c.state()).append('\n'));
        return out.toString();
    }

    @Test
    void applyingAnyChangeToARunningFlowEndsAsStartingTheNewFlowFresh() {
        long seed = Long.getLong("millrace.plan.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 60; i++) {
            String a = randomFlow(random);
            String b = randomFlow(random);
            Agent changed = agent("a1");
            Agent fresh = agent("a1");
            assertTrue(changed.apply(model(a)), a);
            assertTrue(changed.apply(model(b)), b);
            assertTrue(fresh.apply(model(b)), b);
            assertEquals(running(fresh), running(changed), "seed " + seed + " (-Dmillrace.plan.seed), from\n" + a
                    + "to\n" + b);
            changed.stop();
            fresh.stop();
            agents.clear();
        }
    }
}

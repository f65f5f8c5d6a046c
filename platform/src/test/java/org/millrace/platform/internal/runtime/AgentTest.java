package org.millrace.platform.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.plan.ConnectorKind;

/** The engine without OSGi: reconciliation as a state machine, asserted after each step, and the runners. */
class AgentTest {
    private final ConnectorCatalog catalog = new ConnectorCatalog();
    private final TestConnectors.Queues queues = new TestConnectors.Queues();
    private final TestConnectors.Lists lists = new TestConnectors.Lists();
    private final TestConnectors.Generators generators = new TestConnectors.Generators();
    private final TestConnectors.Pushers pushers = new TestConnectors.Pushers();
    private final TestConnectors.Tags tags = new TestConnectors.Tags();
    private final List<Agent> agents = new ArrayList<>();

    AgentTest() {
        catalog.add(ConnectorKind.CHANNEL, queues, List.of("queue"), 0, "test");
        catalog.add(ConnectorKind.SINK, lists, List.of("list"), 0, "test");
        catalog.add(ConnectorKind.SOURCE, generators, List.of("gen"), 0, "test");
        catalog.add(ConnectorKind.SOURCE, pushers, List.of("push"), 0, "test");
        catalog.add(ConnectorKind.INTERCEPTOR, tags, List.of("tag", "org.example.TagInterceptor$Builder"), 0, "test");
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::stop);
    }

    private Agent agent() {
        Agent agent = new Agent("a1", catalog);
        agents.add(agent);
        return agent;
    }

    private static FlowModel model(String flume) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (String line : flume.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            props.put(kv[0].trim(), kv[1].trim());
        }
        return FlumeConfigParser.parse("a1", null, props);
    }

    private static final String PUSH_FLOW = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = push
            a1.sources.r1.channels = c1
            a1.channels.c1.type = queue
            a1.sinks.k1.type = list
            a1.sinks.k1.channel = c1
            """;

    private static ComponentStatus component(Agent agent, ComponentKind kind, String name) {
        return agent.status().component(kind, name);
    }

    private static void assertState(Agent agent, ComponentKind kind, String name, ComponentState state) {
        ComponentStatus c = component(agent, kind, name);
        assertEquals(state, c.state(), kind.word() + " " + name + ": " + c.reason());
    }

    private static Object drained(Agent agent) {
        return agent.status().component(ComponentKind.SINK, "k1").counters().get("EventDrainSuccessCount");
    }

    /** Factory arrivals are handled asynchronously: wait for the state they lead to. */
    private static void awaitState(Agent agent, ComponentKind kind, String name, ComponentState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (component(agent, kind, name).state() != state && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertState(agent, kind, name, state);
    }

    @Test
    void aGeneratedFlowDeliversEveryEventInOrder() throws Exception {
        Agent agent = agent();
        assertTrue(agent.apply(model(PUSH_FLOW.replace("a1.sources.r1.type = push",
                "a1.sources.r1.type = gen\na1.sources.r1.count = 42"))));
        List<String> got = lists.await(42);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 42; i++) {
            expected.add("e" + i);
        }
        assertEquals(expected, got);
        // the sink counts a batch once its transaction has committed, just after delivering it
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Long.valueOf(42).equals(drained(agent)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, agent.status().generation());
        assertEquals(42L, drained(agent));
    }

    @Test
    void aComponentWaitsForItsTypeAndStartsWhenABundleProvidesIt() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW.replace("type = list", "type = later")));
        assertState(agent, ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        assertEquals("no installed bundle provides sink type 'later'", component(agent, ComponentKind.SINK, "k1").reason());
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        pushers.push("early");

        TestConnectors.Lists later = new TestConnectors.Lists();
        catalog.add(ConnectorKind.SINK, later, List.of("LATER"), 0, "test");
        assertEquals(List.of("early"), later.await(1), "the channel kept the event for the sink that arrived");
        awaitState(agent, ComponentKind.SINK, "k1", ComponentState.RUNNING);
    }

    @Test
    void aLeavingSinkTypeParksItsSinksAndTheChannelKeepsTheEvents() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        pushers.push("a");
        assertEquals(List.of("a"), lists.await(1));

        catalog.remove(lists);
        assertState(agent, ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        pushers.push("b", "c");
        assertEquals(2L, queues.running().size(), "the channel holds what the missing sink would have taken");

        catalog.add(ConnectorKind.SINK, lists, List.of("list"), 0, "test");
        assertEquals(List.of("a", "b", "c"), lists.await(3));
    }

    @Test
    void aLeavingChannelTypeKeepsItsEventsForTheNextInstance() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW.replace("type = list", "type = later")));
        pushers.push("1", "2", "3");
        catalog.remove(queues);
        assertState(agent, ComponentKind.CHANNEL, "c1", ComponentState.WAITING_FOR_TYPE);
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.PAUSED);

        TestConnectors.Queues replacement = new TestConnectors.Queues();
        catalog.add(ConnectorKind.CHANNEL, replacement, List.of("queue"), 0, "test");
        awaitState(agent, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        pushers.push("4");
        TestConnectors.Lists later = new TestConnectors.Lists();
        catalog.add(ConnectorKind.SINK, later, List.of("later"), 0, "test");
        assertEquals(List.of("1", "2", "3", "4"), later.await(4));
    }

    @Test
    void interceptorsRunInConfiguredOrderAndDropsAreCounted() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.sources.r1.interceptors = second first
                a1.sources.r1.interceptors.first.type = tag
                a1.sources.r1.interceptors.first.mark = 1
                a1.sources.r1.interceptors.second.type = org.example.TagInterceptor$Builder
                a1.sources.r1.interceptors.second.mark = 2
                a1.sources.r1.interceptors.second.drop = spam
                """));
        pushers.push("spam", "ham");
        assertEquals(List.of("ham#21"), lists.await(1), "second ran before first, as listed");
        Map<String, Object> counters = component(agent, ComponentKind.SOURCE, "r1").counters();
        assertEquals(1L, counters.get("interceptor.second.EventDroppedCount"));
        assertEquals(0L, counters.get("interceptor.first.EventDroppedCount"));
    }

    @Test
    void aMissingInterceptorTypeHoldsTheSourceBack() {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.sources.r1.interceptors = i1
                a1.sources.r1.interceptors.i1.type = regex_filter
                """));
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.WAITING);
        assertEquals("no installed bundle provides interceptor type 'regex_filter' (interceptor i1)",
                component(agent, ComponentKind.SOURCE, "r1").reason());
    }

    @Test
    void anOptionalChannelsFailureDoesNotFailThePut() throws Exception {
        catalog.add(ConnectorKind.CHANNEL, (org.millrace.api.ChannelFactory) config -> new org.millrace.api.testkit.QueueChannel() {
            @Override
            public org.millrace.api.Transaction newTransaction() {
                throw new ChannelException("broken");
            }
        }, List.of("broken"), 0, "test");
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.channels = c1 c2
                a1.channels.c2.type = broken
                a1.sources.r1.channels = c1 c2
                a1.sources.r1.selector.optional = c2
                """));
        pushers.push("kept");
        assertEquals(List.of("kept"), lists.await(1));

        agent.apply(model(PUSH_FLOW + """
                a1.channels = c1 c2
                a1.channels.c2.type = broken
                a1.sources.r1.channels = c1 c2
                """));
        assertThrows(ChannelException.class, () -> pushers.push("refused"), "a required channel's failure fails");
    }

    @Test
    void aSelectorNamingAChannelTheSourceDoesNotUseIsRefusedBeforeAnythingRuns() {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + "a1.sources.r1.selector.optional = c7\n"));
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.FAILED);
        assertEquals("a1.sources.r1.selector.optional = c7: channel 'c7' is not one of this source's channels [c1]",
                component(agent, ComponentKind.SOURCE, "r1").reason());
        assertState(agent, ComponentKind.SINK, "k1", ComponentState.RUNNING);
    }

    @Test
    void anUpdateRestartsOnlyWhatChanged() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        pushers.push("before");
        lists.await(1);
        AgentStatus before = agent.status();
        Thread.sleep(5);

        assertTrue(agent.apply(model(PUSH_FLOW + "a1.sinks.k1.note = changed\n")));
        pushers.push("after");
        assertEquals(List.of("before", "after"), lists.await(2));
        AgentStatus after = agent.status();
        assertEquals(2, after.generation());
        for (ComponentKind kind : List.of(ComponentKind.SOURCE, ComponentKind.CHANNEL)) {
            String name = kind == ComponentKind.SOURCE ? "r1" : "c1";
            assertEquals(before.component(kind, name).startTime(), after.component(kind, name).startTime(),
                    kind.word() + " untouched");
            assertEquals(1, after.component(kind, name).generation());
        }
        assertNotEquals(before.component(ComponentKind.SINK, "k1").startTime(),
                after.component(ComponentKind.SINK, "k1").startTime(), "the changed sink was replaced");
        assertEquals(2, after.component(ComponentKind.SINK, "k1").generation());
    }

    @Test
    void anInvalidUpdateIsRejectedAsAWholeAndTheFlowKeepsRunning() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        assertFalse(agent.apply(model(PUSH_FLOW.replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c9"))));
        AgentStatus status = agent.status();
        assertEquals(1, status.generation());
        assertEquals(List.of("update rejected: a1.sinks.k1.channel = c9: channel 'c9' is not declared in a1.channels"),
                status.errors());
        pushers.push("still flowing");
        assertEquals(List.of("still flowing"), lists.await(1));
    }

    @Test
    void aRefusedPartOfTheFirstConfigurationLeavesTheRestRunning() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.sources = r1 r2
                a1.sources.r2.type = push
                a1.sources.r2.channels = nowhere
                """));
        assertState(agent, ComponentKind.SOURCE, "r2", ComponentState.FAILED);
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        assertEquals(List.of("a1.sources.r2.channels = nowhere: channel 'nowhere' is not declared in a1.channels"),
                agent.status().errors());
    }

    @Test
    void aConnectorThatPassedItsCheckButThrowsWhenCreatedFailsAloneAndIsLoggedOnce() throws Throwable {
        // the plan builds every component once to check it; this factory fails only the build that would run
        AtomicInteger builds = new AtomicInteger();
        catalog.add(ConnectorKind.SINK, (SinkFactory) config -> {
            if (builds.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("a bug in the connector");
            }
            return lists.create(config);
        }, List.of("flaky"), 0, "test");
        String flow = PUSH_FLOW + """
                a1.sinks = k1 k2
                a1.sinks.k2.type = flaky
                a1.sinks.k2.channel = c1
                """;
        Agent agent = agent();
        String log = logged(() -> {
            assertTrue(agent.apply(model(flow)));
            assertState(agent, ComponentKind.SINK, "k2", ComponentState.FAILED);
            assertEquals("java.lang.IllegalStateException: a bug in the connector",
                    component(agent, ComponentKind.SINK, "k2").reason());
            assertState(agent, ComponentKind.SINK, "k1", ComponentState.RUNNING);
            pushers.push("delivered");
            assertEquals(List.of("delivered"), lists.await(1), "the rest of the flow runs");
            assertTrue(agent.apply(model(flow + "a1.sinks.k1.note = x\n")));
            assertState(agent, ComponentKind.SINK, "k2", ComponentState.FAILED);
        });
        assertEquals(1, log.split("\\[a1/k2\\] not created", -1).length - 1, log);
        assertTrue(log.contains("[a1/k2] not created: java.lang.IllegalStateException: a bug in the connector"
                + System.lineSeparator() + "java.lang.IllegalStateException"), "with its stack: " + log);
    }

    @Test
    void aConnectorThatThrowsWhileCheckedIsRefusedWithItsStackLoggedOnce() throws Throwable {
        catalog.add(ConnectorKind.SINK, (SinkFactory) config -> {
            throw new IllegalStateException("a bug in the connector");
        }, List.of("broken"), 0, "test");
        // what was logged is remembered for the JVM: a name of its own keeps a rerun of this test meaningful
        String broken = "k" + Long.toHexString(System.nanoTime());
        String flow = PUSH_FLOW + """
                a1.sinks = k1 %1$s k3
                a1.sinks.%1$s.type = broken
                a1.sinks.%1$s.channel = c1
                a1.sinks.k3.type = later
                a1.sinks.k3.channel = c1
                """.formatted(broken);
        Agent agent = agent();
        String log = logged(() -> {
            agent.apply(model(flow));
            catalog.add(ConnectorKind.SINK, new TestConnectors.Lists(), List.of("later"), 0, "test");
            awaitState(agent, ComponentKind.SINK, "k3", ComponentState.RUNNING); // planned again meanwhile
            assertFalse(agent.apply(model(flow + "a1.sinks.k1.note = x\n")), "an update with an error is rejected");
        });
        assertState(agent, ComponentKind.SINK, broken, ComponentState.FAILED);
        assertTrue(agent.status().errors().contains("a1.sinks." + broken + ".type = broken: its factory failed:"
                + " java.lang.IllegalStateException: a bug in the connector"), agent.status().errors().toString());
        assertState(agent, ComponentKind.SINK, "k1", ComponentState.RUNNING);
        assertTrue(log.contains("[a1] a1.sinks." + broken + ".type = broken: its factory threw while building it"
                + System.lineSeparator() + "java.lang.IllegalStateException: a bug in the connector"
                + System.lineSeparator() + "\tat "), "with its stack: " + log);
        assertEquals(1, log.split("its factory threw", -1).length - 1, "its stack once: " + log);
    }

    @Test
    void anInterceptorThatFailsToInitializeHoldsItsSourceBackAndIsLoggedOnce() throws Throwable {
        catalog.add(ConnectorKind.INTERCEPTOR, (InterceptorFactory) config -> new Interceptor() {
            @Override
            public void initialize() {
                throw new IllegalStateException("cannot open its dictionary");
            }

            @Override
            public Event intercept(Event event) {
                return event;
            }
        }, List.of("opening"), 0, "test");
        String flow = PUSH_FLOW + """
                a1.sources.r1.interceptors = i1
                a1.sources.r1.interceptors.i1.type = opening
                """;
        Agent agent = agent();
        String log = logged(() -> {
            assertTrue(agent.apply(model(flow)), "its configuration is valid: only initialize() fails");
            assertTrue(agent.apply(model(flow + "a1.sinks.k1.note = x\n")));
        });
        assertState(agent, ComponentKind.SOURCE, "r1", ComponentState.WAITING);
        assertEquals("java.lang.IllegalStateException: cannot open its dictionary",
                component(agent, ComponentKind.SOURCE, "r1").reason());
        assertTrue(log.contains("[a1/r1] its route could not be built: java.lang.IllegalStateException: cannot open"
                + " its dictionary" + System.lineSeparator() + "java.lang.IllegalStateException"), log);
        assertEquals(1, log.split("could not be built", -1).length - 1, "once: " + log);
    }

    /** What the engine logged (slf4j-simple writes to System.err) while {@code run} ran. */
    private static String logged(org.junit.jupiter.api.function.Executable run) throws Throwable {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run.execute();
        } finally {
            System.setErr(err);
        }
        return logged.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anIdleSinkBacksOffButWakesAsSoonAsEventsArrive() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        Thread.sleep(1500);
        int idleCalls = lists.calls.get();
        assertTrue(idleCalls >= 1 && idleCalls <= 3, "an idle sink is polled about once a second, was " + idleCalls);
        long sent = System.nanoTime();
        pushers.push("wake");
        lists.await(1);
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(millis < 500, "delivered " + millis + " ms after the put, not after the back-off");
    }

    @Test
    void aPollableSourceBacksOffByItsIncrementUpToItsMaximum() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW.replace("a1.sources.r1.type = push", """
                a1.sources.r1.type = gen
                a1.sources.r1.backoffSleepIncrement = 100
                a1.sources.r1.maxBackoffSleep = 200""")));
        Thread.sleep(1000);
        int calls = generators.calls.get();
        // 100, 200, 200, 200 ... ms apart: about 6 polls in a second; Flume's defaults would give 2
        assertTrue(calls >= 4 && calls <= 9, "polls in 1 s: " + calls);
    }

    @Test
    void aFailingSinkRollsBackSoNothingIsLost() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        lists.failing.set(true);
        int callsBefore = lists.calls.get();
        pushers.push("x", "y");
        Thread.sleep(500);
        assertEquals(2L, queues.running().size(), "the failed batch went back to the channel");
        int calls = lists.calls.get() - callsBefore;
        assertTrue(calls >= 1 && calls <= 2, "after a failure the runner waits 5 s before retrying; calls: " + calls);
        assertEquals(List.of(), lists.delivered);
        lists.failing.set(false);
        agent.reload();
        assertEquals(List.of("x", "y"), lists.await(2));
    }

    @Test
    void aChannelReplacedByAnotherTypeCarriesItsEventsOver() throws Exception {
        TestConnectors.Queues other = new TestConnectors.Queues();
        catalog.add(ConnectorKind.CHANNEL, other, List.of("other"), 0, "test");
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW.replace("type = list", "type = later")));
        pushers.push("1", "2");
        long sourceStart = component(agent, ComponentKind.SOURCE, "r1").startTime();
        assertTrue(agent.apply(model(PUSH_FLOW.replace("type = list", "type = later")
                .replace("c1.type = queue", "c1.type = other"))));
        assertEquals(2L, other.running().size(), "the committed events moved to the new channel");
        assertEquals(sourceStart, component(agent, ComponentKind.SOURCE, "r1").startTime(), "the source was rewired");
        pushers.push("3");
        TestConnectors.Lists later = new TestConnectors.Lists();
        catalog.add(ConnectorKind.SINK, later, List.of("later"), 0, "test");
        assertEquals(List.of("1", "2", "3"), later.await(3));
    }

    @Test
    void aRemovedChannelIsDrainedByItsSinkBeforeItStops() throws Exception {
        TestConnectors.Lists slow = new TestConnectors.Lists();
        catalog.add(ConnectorKind.SINK, slow, List.of("slow"), 0, "test");
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.channels = c1 c2
                a1.sinks = k1 k2
                a1.channels.c2.type = queue
                a1.sinks.k2.type = slow
                a1.sinks.k2.channel = c2
                a1.sources.r1.channels = c1 c2
                """));
        slow.failing.set(true);
        pushers.push("a", "b");
        slow.failing.set(false);
        assertTrue(agent.apply(model(PUSH_FLOW)), "c2 and k2 removed");
        assertEquals(List.of("a", "b"), slow.await(2), "k2 delivered c2's events before both went");
        assertEquals(null, component(agent, ComponentKind.CHANNEL, "c2"));
    }

    @Test
    void tapsSeeWhatLeavesTheInterceptorsAndWhatChannelsCommit() throws Exception {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW + """
                a1.sources.r1.interceptors = t
                a1.sources.r1.interceptors.t.type = tag
                a1.sources.r1.interceptors.t.mark = T
                a1.sources.r1.interceptors.t.drop = spam
                """));
        try (TapPoint.Tap source = agent.tap("r1", 2); TapPoint.Tap channel = agent.tap("c1", 5)) {
            pushers.push("spam", "one", "two", "three");
            org.millrace.api.Event first = source.next(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("one", TestConnectors.text(first));
            assertEquals("T", first.header("trail"));
            assertEquals("two", TestConnectors.text(source.next(5, java.util.concurrent.TimeUnit.SECONDS)));
            assertEquals(null, source.next(50, java.util.concurrent.TimeUnit.MILLISECONDS), "n was 2");
            assertEquals("one", TestConnectors.text(channel.next(5, java.util.concurrent.TimeUnit.SECONDS)));
        }
        assertThrows(IllegalArgumentException.class, () -> agent.tap("nope", 1));
    }

    @Test
    void statusListsEveryDeclaredComponentWithItsType() {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW));
        assertEquals(List.of("SOURCE r1 push RUNNING", "CHANNEL c1 queue RUNNING", "SINK k1 list RUNNING"),
                agent.status().components().stream().map(c -> c.kind() + " " + c.name() + " " + c.type() + " "
                        + c.state()).toList());
    }

    @Test
    void theBuiltInSelectorIsFoundByFlumesClassNameToo() {
        ChannelSelectorFactory f = catalog.find(ConnectorKind.SELECTOR, "org.apache.flume.channel.ReplicatingChannelSelector");
        assertTrue(f instanceof ReplicatingSelector.Factory);
    }
    @Test
    void anAgentReportsEveryProblemTogetherWithTypesNoBundleProvides() {
        Agent agent = agent();
        agent.apply(model(PUSH_FLOW.replace("type = list", "type = later").replace("k1.channel = c1",
                "k1.channel = c7")));
        AgentStatus status = agent.status();
        assertEquals(List.of("a1.sinks.k1.channel = c7: channel 'c7' is not declared in a1.channels"), status.errors());
        assertEquals(List.of("a1.sinks.k1.type = later: no installed bundle provides sink type 'later'; the sink waits"
                + " for a bundle that provides it"), status.warnings());
    }

    @Test
    void twoAgentsCannotHoldTheSamePortAndARejectedUpdateChangesNothing() throws Exception {
        catalog.add(ConnectorKind.SOURCE, (org.millrace.api.SourceFactory) config -> new org.millrace.api
                .EventDrivenSource() {
            @Override
            public List<org.millrace.api.Resource> resources() {
                return List.of(org.millrace.api.Resource.tcpPort(config.get("bind"), Integer.parseInt(config.get("port"))));
            }

            @Override
            public void start(org.millrace.api.SourceContext context) {
            }

            @Override
            public void stop() {
            }
        }, List.of("listener"), 0, "test");
        ResourceClaims claims = new ResourceClaims();
        Agent web = new Agent("web", catalog, claims);
        Agent api = new Agent("api", catalog, claims);
        agents.add(web);
        agents.add(api);
        String listening = PUSH_FLOW.replace("r1.type = push", "r1.type = listener\na1.sources.r1.bind = 0.0.0.0\n"
                + "a1.sources.r1.port = 5140");
        assertTrue(web.apply(model(listening)));
        assertTrue(api.apply(model(listening.replace("0.0.0.0", "localhost"))), "a first configuration runs what it can");
        assertState(web, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        assertState(api, ComponentKind.SOURCE, "r1", ComponentState.FAILED);
        assertEquals("would hold TCP port 127.0.0.1:5140, but source r1 of agent web holds TCP port 0.0.0.0:5140",
                component(api, ComponentKind.SOURCE, "r1").reason());
        assertState(api, ComponentKind.SINK, "k1", ComponentState.RUNNING);

        assertTrue(api.apply(model(listening.replace("5140", "5141"))));
        assertState(api, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        long sinkStart = component(api, ComponentKind.SINK, "k1").startTime();
        assertFalse(api.apply(model(listening.replace("5140", "5140\na1.sinks.k1.note = x"))),
                "an update under which two agents would hold one port is rejected whole");
        assertEquals(List.of("update rejected: a1.sources.r1: would hold TCP port 0.0.0.0:5140, but source r1 of"
                + " agent web holds TCP port 0.0.0.0:5140"), api.status().errors());
        assertEquals(sinkStart, component(api, ComponentKind.SINK, "k1").startTime(), "nothing stopped");
        web.stop();
        assertTrue(api.apply(model(listening)), "the port is free once the other agent stopped");
        assertState(api, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
    }

    @Test
    void aSinkWaitsForAPlugInTypeStartsWhenABundleProvidesItAndStopsWhenItLeaves() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean installed = new java.util.concurrent.atomic.AtomicBoolean();
        catalog.add(ConnectorKind.SINK, (org.millrace.api.SinkFactory) config -> {
            if (!installed.get()) {
                throw new org.millrace.api.ConfigurationException(org.millrace.api.ConfigProblem.typeNotInstalled(
                        config.key("serializer"), config.get("serializer"), "serializer"));
            }
            return lists.create(config);
        }, List.of("writer"), 0, "test");
        List<List<Map.Entry<String, String>>> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        Agent agent = new Agent("a1", catalog, new ResourceClaims(), a -> {
            if (a.model().sinks().containsKey("k1")) { // the model it carried out, read on its own thread
                told.add(a.missingTypes());
            }
        });
        agents.add(agent);
        assertTrue(agent.apply(model(PUSH_FLOW.replace("type = list", "type = writer\na1.sinks.k1.serializer = orc"))));
        assertState(agent, ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        assertEquals("no installed bundle provides serializer type 'orc'", component(agent, ComponentKind.SINK, "k1")
                .reason());
        assertEquals(List.of(List.of(Map.entry("serializer", "orc"))), told, "told once the plan was carried out");
        pushers.push("waited");
        installed.set(true);
        agent.pluginsChanged();
        assertEquals(List.of("waited"), lists.await(1));
        awaitState(agent, ComponentKind.SINK, "k1", ComponentState.RUNNING);
        assertEquals(List.of(), agent.missingTypes());
        assertEquals(List.of(), told.get(told.size() - 1), "told again after the plan the plug-in allowed");
        installed.set(false);
        agent.pluginsChanged();
        awaitState(agent, ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
    }

    @Test
    void aBrokenInterceptorOfARunningSourceRejectsTheUpdateAndTheRouteStays() throws Exception {
        catalog.add(ConnectorKind.INTERCEPTOR, (org.millrace.api.InterceptorFactory) config -> {
            if ("(".equals(config.get("regex"))) {
                throw new org.millrace.api.ConfigurationException(config.problem("regex", "not a regular expression"));
            }
            return event -> event;
        }, List.of("picky"), 0, "test");
        Agent agent = agent();
        String flow = PUSH_FLOW + """
                a1.sources.r1.interceptors = i
                a1.sources.r1.interceptors.i.type = picky
                a1.sources.r1.interceptors.i.regex = ok
                """;
        assertTrue(agent.apply(model(flow)));
        assertFalse(agent.apply(model(flow.replace("regex = ok", "regex = ("))));
        assertEquals(List.of("update rejected: a1.sources.r1.interceptors.i.regex = (: not a regular expression"),
                agent.status().errors());
        pushers.push("still routed");
        assertEquals(List.of("still routed"), lists.await(1));
    }

    @Test
    void aComponentRefusedForAPortAnotherAgentHeldStartsWhenThatAgentStops() throws Exception {
        catalog.add(ConnectorKind.SOURCE, (org.millrace.api.SourceFactory) config -> new org.millrace.api
                .EventDrivenSource() {
            @Override
            public List<org.millrace.api.Resource> resources() {
                return List.of(org.millrace.api.Resource.tcpPort("localhost", 5150));
            }

            @Override
            public void start(org.millrace.api.SourceContext context) {
            }

            @Override
            public void stop() {
            }
        }, List.of("port5150"), 0, "test");
        ResourceClaims claims = new ResourceClaims();
        Agent first = new Agent("first", catalog, claims);
        Agent second = new Agent("second", catalog, claims);
        agents.add(first);
        agents.add(second);
        String flow = PUSH_FLOW.replace("r1.type = push", "r1.type = port5150");
        first.apply(model(flow));
        second.apply(model(flow));
        assertState(second, ComponentKind.SOURCE, "r1", ComponentState.FAILED);
        first.stop();
        awaitState(second, ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
    }
}

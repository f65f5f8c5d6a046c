package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.SinkFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * Live change under steady load: four senders write numbered lines to netcat, 20 in flight each, about 4,000 a
 * second together, and count the OKs; counting sinks record what each delivers. After each change every
 * acknowledged event has been delivered by every sink that should have it (both sinks of the replicated flow,
 * the second from the moment it was added), no event arrived twice at a sink except lines the senders had to
 * send again, and the components the change did not touch kept their start time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveChangeIT extends MillraceTestSupport {
    private ServiceRegistration<SinkFactory> counting;

    @Before
    public void registerCountingSink() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectorTypes.TYPE, "counting");
        counting = bundleContext.registerService(SinkFactory.class, LoadDriver.COUNTING, props);
    }

    @After
    public void unregisterCountingSink() {
        counting.unregister();
    }

    private static final String LIVE = """
            live.sources = r1
            live.channels = c1
            live.sinks = k1
            live.sources.r1.type = netcat
            live.sources.r1.bind = 127.0.0.1
            live.sources.r1.port = 44601
            live.sources.r1.channels = c1
            live.sources.r1.interceptors = i1
            live.sources.r1.interceptors.i1.type = static
            live.sources.r1.interceptors.i1.key = stage
            live.sources.r1.interceptors.i1.value = 1
            live.sources.r1.interceptors.i1.preserveExisting = false
            live.channels.c1.type = memory
            live.channels.c1.capacity = 1000
            live.sinks.k1.type = counting
            live.sinks.k1.channel = c1
            """;

    @Test
    public void underSteadyLoadEveryChangeLosesNothingAndTouchesOnlyWhatChanged() throws Exception {
        configureAgent("live", flume(LIVE));
        awaitRunning("live");
        awaitPort(44601);
        try (LoadDriver load = new LoadDriver("live-", 44601, 4, 20, 4000)) {
            checkpoint(load, "steady load");
            Map<String, Long> before = startTimes("live");

            String sinkChanged = LIVE + "live.sinks.k1.batchSize = 50\n";
            apply("live", sinkChanged, 2);
            checkpoint(load, "sink property changed");
            Map<String, Long> after = startTimes("live");
            assertUntouched(before, after, "source r1", "channel c1");
            assertNotEquals("the changed sink was replaced", before.get("sink k1"), after.get("sink k1"));

            before = after;
            String interceptorChanged = sinkChanged.replace("i1.value = 1", "i1.value = 2");
            apply("live", interceptorChanged, 3);
            checkpoint(load, "interceptor changed");
            assertUntouched(before, startTimes("live"), "source r1", "channel c1", "sink k1");
            assertEquals("2", LoadDriver.STAGES.get(load.lastAcked()));

            String secondSink = interceptorChanged.replace("live.sinks = k1", "live.sinks = k1 k2")
                    .replace("live.channels = c1", "live.channels = c1 c2")
                    .replace("live.sources.r1.channels = c1", "live.sources.r1.channels = c1 c2") + """
                    live.channels.c2.type = memory
                    live.sinks.k2.type = counting
                    live.sinks.k2.channel = c2
                    """;
            load.pause();
            apply("live", secondSink, 4);
            replicatedFrom.put("live/k2", Set.copyOf(load.acked)); // k2 must have every event acknowledged from now
            load.resume();
            checkpoint(load, "second sink added");
            assertUntouched(before, startTimes("live"), "source r1", "channel c1", "sink k1");
            assertTrue("k2 receives the events sent after it was added",
                    LoadDriver.BY_SINK.get("live/k2").containsKey(load.lastAcked()));

            before = startTimes("live");
            apply("live", secondSink.replace("c1.capacity = 1000", "c1.capacity = 5000"), 5);
            checkpoint(load, "memory channel capacity changed");
            assertUntouched(before, startTimes("live"), "source r1", "channel c1", "sink k1", "channel c2", "sink k2");
            assertEquals(5000L, agents.get("live").orElseThrow().component(ComponentKind.CHANNEL, "c1").counters()
                    .get("ChannelCapacity"));

            bundle("org.millrace.channel.memory").update();
            awaitRunning("live");
            checkpoint(load, "memory channel bundle updated");
            Map<String, Long> updated = startTimes("live");
            assertUntouched(before, updated, "source r1", "sink k1", "sink k2");
            assertNotEquals(before.get("channel c1"), updated.get("channel c1"));

            Bundle memory = bundle("org.millrace.channel.memory");
            String memoryLocation = memory.getLocation();
            memory.uninstall();
            awaitState("live", ComponentKind.CHANNEL, "c1", ComponentState.WAITING_FOR_TYPE);
            bundleContext.installBundle(memoryLocation).start();
            awaitRunning("live");
            checkpoint(load, "memory channel bundle uninstalled and installed again");
            assertUntouched(updated, startTimes("live"), "source r1", "sink k1", "sink k2");
            updated = startTimes("live");

            Bundle netcat = bundle("org.millrace.source.netcat");
            String location = netcat.getLocation();
            netcat.uninstall();
            awaitState("live", ComponentKind.SOURCE, "r1", ComponentState.WAITING_FOR_TYPE);
            assertEquals("the channels keep their sinks running", ComponentState.RUNNING,
                    agents.get("live").orElseThrow().component(ComponentKind.SINK, "k1").state());
            bundleContext.installBundle(location).start();
            awaitRunning("live");
            checkpoint(load, "netcat bundle uninstalled and installed again");
            assertUntouched(updated, startTimes("live"), "channel c1", "channel c2", "sink k1", "sink k2");
            System.out.printf("live change: %d events acknowledged, %d duplicates, %d reconnects, %d resends%n",
                    load.acked.size(), load.duplicates(), load.reconnects.get(), load.resends.get());
            assertTrue("load: " + load.acked.size() + " events", load.acked.size() > 20_000);
        }
    }

    @Test
    public void aCustomInterceptorDroppedIntoDeployIsFoundByAliasOrClassName() throws Exception {
        String masked = """
                masked.sources = r1
                masked.channels = c1
                masked.sinks = k1
                masked.sources.r1.type = netcat
                masked.sources.r1.bind = 127.0.0.1
                masked.sources.r1.port = 44611
                masked.sources.r1.channels = c1
                masked.sources.r1.interceptors = m
                masked.sources.r1.interceptors.m.type = mask
                masked.channels.c1.type = memory
                masked.sinks.k1.type = counting
                masked.sinks.k1.channel = c1
                """;
        configureAgent("masked", flume(masked));
        ComponentStatus waiting = awaitState("masked", ComponentKind.SOURCE, "r1", ComponentState.WAITING);
        assertEquals("no installed bundle provides interceptor type 'mask' (interceptor m)", waiting.reason());

        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "mask-interceptor.jar");
        Files.copy(Path.of(System.getProperty("millrace.example.interceptor")), deployed,
                StandardCopyOption.REPLACE_EXISTING);
        awaitRunning("masked");
        awaitPort(44611);
        assertEquals(List.of("OK"), send(44611, List.of("paid with 4111111111111111")));
        awaitDelivered("paid with ****");

        apply("masked", masked.replace("m.type = mask", "m.type = com.example.millrace.MaskInterceptor")
                + "masked.sources.r1.interceptors.m.mask = [card]\n", 2);
        assertEquals(List.of("OK"), send(44611, List.of("paid with 5500000000000004")));
        awaitDelivered("paid with [card]");

        Files.delete(deployed);
        awaitState("masked", ComponentKind.SOURCE, "r1", ComponentState.PAUSED);
    }

    @Test
    public void anExternalFlumeFileIsWatchedAndItsEditsApplyAtOnce() throws Exception {
        Path file = Files.createTempFile("flume", ".conf");
        String filed = """
                agent.sources = r1
                agent.channels = c1
                agent.sinks = k1
                agent.sources.r1.type = netcat
                agent.sources.r1.bind = 127.0.0.1
                agent.sources.r1.port = 44621
                agent.sources.r1.channels = c1
                agent.channels.c1.type = memory
                agent.sinks.k1.type = counting
                agent.sinks.k1.channel = c1
                """;
        Files.writeString(file, filed);
        configureAgent("filed", Map.of("flume.config.file", file.toString()));
        awaitRunning("filed");
        Map<String, Long> before = startTimes("filed");
        long edited = System.currentTimeMillis();
        Files.writeString(file, filed + "agent.sinks.k1.batchSize = 10\n");
        awaitAgent("filed", a -> a.generation() == 2, "the edit applied");
        System.out.printf("external Flume file: edit applied after %d ms%n", System.currentTimeMillis() - edited);
        assertUntouched(before, startTimes("filed"), "source r1", "channel c1");
        awaitPort(44621);
        assertEquals(List.of("OK"), send(44621, List.of("from the watched file")));
        awaitDelivered("from the watched file");
    }

    /** Applies a new configuration and waits for the agent to run it. */
    private void apply(String agent, String flume, long generation) throws Exception {
        configureAgent(agent, flume(flume));
        AgentStatus status = awaitAgent(agent, a -> a.generation() == generation || !a.errors().isEmpty(),
                "generation " + generation);
        assertEquals(List.of(), status.errors());
        awaitRunning(agent);
    }

    /** The sinks of the live flow, and the acknowledged events each need not have (those sent before it was added). */
    private final Map<String, Set<String>> replicatedFrom = new LinkedHashMap<>(Map.of("live/k1", Set.of()));

    /**
     * Holds the senders, waits until every sink delivered every acknowledged event it should have, checks that
     * nothing arrived twice at a sink beyond the lines sent again, resumes.
     */
    private void checkpoint(LoadDriver load, String step) throws Exception {
        Thread.sleep(1000);
        load.pause();
        for (Map.Entry<String, Set<String>> sink : replicatedFrom.entrySet()) {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            List<String> missing = load.undeliveredBy(sink.getKey(), sink.getValue());
            while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                missing = load.undeliveredBy(sink.getKey(), sink.getValue());
            }
            if (!missing.isEmpty()) {
                fail(step + ": " + missing.size() + " acknowledged events never delivered by " + sink.getKey()
                        + ", e.g. " + missing.subList(0, Math.min(5, missing.size())));
            }
        }
        System.out.printf("%s: %d acknowledged, all delivered by %s, %d duplicates, %d sent again%n", step,
                load.acked.size(), replicatedFrom.keySet(), load.duplicates(), load.resends.get());
        assertTrue(step + ": " + load.duplicates() + " events arrived twice at a sink, but only "
                + load.resends.get() + " lines were sent again", load.duplicates() <= load.resends.get());
        load.resume();
    }

    private static void awaitDelivered(String body) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!LoadDriver.DELIVERED.containsKey(body) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(body + " delivered", LoadDriver.DELIVERED.containsKey(body));
    }

    /** Start time of each component, by {@code kind name}. */
    private Map<String, Long> startTimes(String agent) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ComponentStatus c : agents.get(agent).orElseThrow().components()) {
            out.put(c.kind().word() + " " + c.name(), c.startTime());
        }
        return out;
    }

    private static void assertUntouched(Map<String, Long> before, Map<String, Long> after, String... components) {
        for (String c : components) {
            assertTrue(c + " ran before", before.get(c) != null && before.get(c) > 0);
            assertEquals(c + " untouched: same start time", before.get(c), after.get(c));
        }
        assertFalse(after.containsValue(0L));
    }
}

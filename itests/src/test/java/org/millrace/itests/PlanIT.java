package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializerFactory;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * What an agent's plan refuses or waits for, in the distribution: a port another agent holds, a serializer no
 * bundle provides yet (a service registered later is picked up, and its leaving stops the sink again), keys a
 * component does not read; and what millrace:diff prints is what happens.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlanIT extends MillraceTestSupport {

    @Override
    protected List<String> bootFeatures() {
        return List.of("millrace-serializers"); // registers a serializer of its own
    }

    private static String netcatToNull(String agent, int port) {
        return """
                AGENT.sources = r1
                AGENT.channels = c1
                AGENT.sinks = k1
                AGENT.sources.r1.type = netcat
                AGENT.sources.r1.bind = 127.0.0.1
                AGENT.sources.r1.port = PORT
                AGENT.sources.r1.channels = c1
                AGENT.channels.c1.type = memory
                AGENT.sinks.k1.type = null
                AGENT.sinks.k1.channel = c1
                """.replace("AGENT", agent).replace("PORT", String.valueOf(port));
    }

    @Test
    public void twoAgentsCannotListenOnOnePortAndTheRefusalNamesBoth() throws Exception {
        int port = freePort();
        configureAgent("left", flume(netcatToNull("left", port)));
        awaitRunning("left");
        configureAgent("right", flume(netcatToNull("right", port)));
        AgentStatus right = awaitAgent("right", a -> a.component(ComponentKind.SOURCE, "r1") != null
                && a.component(ComponentKind.SOURCE, "r1").state() == ComponentState.FAILED, "r1 refused");
        String expected = "would hold TCP port 127.0.0.1:" + port + ", but source r1 of agent left holds TCP port"
                + " 127.0.0.1:" + port;
        assertEquals(expected, right.component(ComponentKind.SOURCE, "r1").reason());
        assertEquals(ComponentState.RUNNING, right.component(ComponentKind.SINK, "k1").state());
        assertTrue(execute("millrace:status right"), execute("millrace:status right").contains("ERROR right.sources.r1: "
                + expected));
        assertEquals(List.of("OK"), send(port, List.of("to left")));

        int other = freePort();
        Path file = Files.createTempFile("right", ".conf");
        Files.writeString(file, netcatToNull("right", other));
        String diff = execute("millrace:diff right " + file);
        assertTrue(diff, diff.contains("start source r1"));
        assertTrue(diff, diff.contains("The agent would apply this plan."));
        String newAgent = execute("millrace:diff newcomer " + file);
        assertTrue(newAgent, newAgent.contains("No agent named newcomer runs yet; as a new agent it would start:"));
        assertTrue(newAgent, newAgent.contains("start source r1"));
        try {
            execute("millrace:validate /nowhere/flume.conf");
            throw new AssertionError("validated a file that is not there");
        } catch (java.nio.file.NoSuchFileException e) { // the console prints "Error executing command: " and this
            assertEquals("/nowhere/flume.conf: no such file (paths are relative to " + Path.of("").toAbsolutePath()
                    + ")", e.getMessage());
        }
        configureAgent("right", flume(netcatToNull("right", other)));
        awaitRunning("right");
        assertEquals(List.of("OK"), send(other, List.of("to right")));
    }

    @Test
    public void aSinkWaitsForASerializerUntilABundleProvidesItAndStopsWhenItLeaves() throws Exception {
        Path dir = Files.createTempDirectory("csv");
        configureAgent("csv", flume("""
                csv.sources = r1
                csv.channels = c1
                csv.sinks = k1
                csv.sources.r1.type = seq
                csv.sources.r1.totalEvents = 3
                csv.sources.r1.channels = c1
                csv.channels.c1.type = memory
                csv.sinks.k1.type = file_roll
                csv.sinks.k1.channel = c1
                csv.sinks.k1.sink.directory = DIR
                csv.sinks.k1.sink.rollInterval = 0
                csv.sinks.k1.sink.serializer = com.acme.Csv$Builder
                csv.sinks.k1.sink.serializer.prefix = row
                csv.sinks.k1.sink.batchSise = 10
                """.replace("DIR", dir.toString())));
        // first for file_roll, until the connector installer brought its feature, then for the serializer
        AgentStatus waiting = awaitAgent("csv", a -> a.component(ComponentKind.SINK, "k1") != null
                && a.component(ComponentKind.SINK, "k1").state() == ComponentState.WAITING_FOR_TYPE
                && a.component(ComponentKind.SINK, "k1").reason().contains("serializer"), "k1 waits for its serializer");
        assertEquals("no installed bundle provides serializer type 'com.acme.Csv$Builder'",
                waiting.component(ComponentKind.SINK, "k1").reason());

        Hashtable<String, Object> types = new Hashtable<>();
        types.put(ConnectorTypes.TYPE, new String[] {"csv", "com.acme.Csv$Builder"});
        ServiceRegistration<EventSerializerFactory> csv = bundleContext.registerService(EventSerializerFactory.class,
                config -> {
                    String prefix = config.get("prefix");
                    return out -> new EventSerializer() {
                        @Override
                        public void write(Event event) throws IOException {
                            out.write((prefix + "," + new String(event.body(), StandardCharsets.UTF_8) + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }

                        @Override
                        public void flush() {
                        }
                    };
                }, types);
        AgentStatus running = awaitAgent("csv", a -> a.component(ComponentKind.SINK, "k1").state()
                == ComponentState.RUNNING, "k1 runs");
        assertEquals("keys are checked once the sink can be built with its serializer", List.of(
                "csv.sinks.k1.sink.batchSise = 10: not a property of file_roll; ignored (did you mean sink.batchSize?)"),
                running.warnings());
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines(dir).size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(java.util.Map.of("row,0", 1, "row,1", 1, "row,2", 1), lines(dir));

        csv.unregister();
        awaitState("csv", ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
    }
}

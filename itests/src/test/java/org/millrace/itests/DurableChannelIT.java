package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Durable channels in Karaf, configured as in Flume's user guide: events acknowledged into a file or jdbc channel
 * stay there while no sink can deliver them and while the channel's own bundle is stopped and started again, and
 * all arrive once a working sink is configured; a spillablememory channel finds its file channel overflow through
 * the service registry, spills to it, and keeps every event through a stop of its agent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DurableChannelIT extends MillraceTestSupport {

    /** A netcat source into {@code channel}, drained by an avro sink pointed at a port where nothing listens. */
    private static String flow(String name, int netcatPort, String channel) {
        return """
                NAME.sources = r1
                NAME.channels = c1
                NAME.sinks = k1
                NAME.sources.r1.type = netcat
                NAME.sources.r1.bind = 127.0.0.1
                NAME.sources.r1.port = PORT
                NAME.sources.r1.channels = c1
                NAME.sinks.k1.type = avro
                NAME.sinks.k1.hostname = 127.0.0.1
                NAME.sinks.k1.port = 1
                NAME.sinks.k1.channel = c1
                """.replace("NAME", name).replace("PORT", String.valueOf(netcatPort)) + channel;
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /** Switches sink k1 to file_roll into {@code directory} and waits until exactly {@code expected} arrived. */
    private void deliverTo(String agent, Map<String, String> flume, Path directory, List<String> expected)
            throws Exception {
        Map<String, String> withFiles = new java.util.LinkedHashMap<>(flume);
        withFiles.put(agent + ".sinks.k1.type", "file_roll");
        withFiles.put(agent + ".sinks.k1.sink.directory", directory.toString());
        configureAgent(agent, withFiles);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Integer> written = Map.of();
        while (System.currentTimeMillis() < deadline) {
            written = lines(directory);
            if (written.keySet().containsAll(expected)) {
                break;
            }
            Thread.sleep(200);
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(written.keySet());
        assertEquals("events missing: " + missing, List.of(), missing);
        assertEquals("every event once", expected.size(), written.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    public void fileChannelKeepsAcknowledgedEventsThroughABundleRestartUntilASinkDelivers() throws Exception {
        Path root = Files.createTempDirectory("millrace-durable");
        keepsEventsThroughABundleRestart("durable", 45201, """
                durable.channels.c1.type = file
                durable.channels.c1.checkpointDir = ROOT/checkpoint
                durable.channels.c1.dataDirs = ROOT/data1,ROOT/data2
                durable.channels.c1.checkpointInterval = 500
                """.replace("ROOT", root.toString()), "org.millrace.channel.file", root);
    }

    @Test
    public void jdbcChannelKeepsAcknowledgedEventsThroughABundleRestartUntilASinkDelivers() throws Exception {
        Path root = Files.createTempDirectory("millrace-jdbc");
        keepsEventsThroughABundleRestart("derby", 45203, """
                derby.channels.c1.type = jdbc
                derby.channels.c1.sysprop.user.home = ROOT
                """.replace("ROOT", root.toString()), "org.millrace.channel.jdbc", root);
        assertTrue("Flume's database location", Files.isDirectory(root.resolve(".flume/jdbc-channel/db")));
    }

    /**
     * Sends 500 events into the channel while no sink can take them, stops and starts the channel's bundle, checks
     * the new channel found all of them, then has a file_roll sink deliver them.
     */
    private void keepsEventsThroughABundleRestart(String agent, int port, String channel, String bundle, Path root)
            throws Exception {
        Map<String, String> flume = flume(flow(agent, port, channel));
        configureAgent(agent, flume);
        awaitState(agent, ComponentKind.CHANNEL, "c1", ComponentState.RUNNING);
        awaitPort(port);
        List<String> events = numbered(agent + "-", 500);
        assertTrue(send(port, events).stream().allMatch("OK"::equals));
        assertEquals(500L, channelSize(agent));

        Bundle channelBundle = bundle(bundle);
        channelBundle.stop();
        awaitState(agent, ComponentKind.CHANNEL, "c1", ComponentState.WAITING_FOR_TYPE);
        channelBundle.start();
        awaitState(agent, ComponentKind.CHANNEL, "c1", ComponentState.RUNNING);
        assertEquals("the new channel found what the old one held", 500L, channelSize(agent));

        deliverTo(agent, flume, root.resolve("out"), events);
        configAdmin.getFactoryConfiguration("org.millrace.agent", agent, "?").delete();
    }

    private Object channelSize(String agent) {
        return agents.get(agent).orElseThrow().component(ComponentKind.CHANNEL, "c1").counters().get("ChannelSize");
    }

    @Test
    public void spillableMemoryChannelSpillsToItsFileChannelOverflowAndKeepsEverythingThroughAStop() throws Exception {
        Path root = Files.createTempDirectory("millrace-spill");
        Map<String, String> flume = flume(flow("spill", 45202, """
                spill.channels.c1.type = SPILLABLEMEMORY
                spill.channels.c1.memoryCapacity = 50
                spill.channels.c1.overflowCapacity = 1000000
                spill.channels.c1.overflowTimeout = 0
                spill.channels.c1.byteCapacity = 800000
                spill.channels.c1.checkpointDir = ROOT/checkpoint
                spill.channels.c1.dataDirs = ROOT/data
                """.replace("ROOT", root.toString())));
        configureAgent("spill", flume);
        awaitState("spill", ComponentKind.CHANNEL, "c1", ComponentState.RUNNING);
        awaitPort(45202);
        List<String> events = numbered("spill-", 400);
        assertTrue(send(45202, events).stream().allMatch("OK"::equals));
        assertEquals(400L, channelSize("spill"));

        // memory holds at most 50 of them: the rest are in the overflow; stopping the agent saves those in memory
        configAdmin.getFactoryConfiguration("org.millrace.agent", "spill", "?").delete();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (agents.get("spill").isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        deliverTo("spill", flume, root.resolve("out"), events);
        configAdmin.getFactoryConfiguration("org.millrace.agent", "spill", "?").delete();
    }
}

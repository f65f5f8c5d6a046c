package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Bad configurations and leaving bundles: each is reported, and the rest keeps flowing with nothing lost. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReconfigurationIT extends MillraceTestSupport {

    private static String netcatToLogger(String agent, int port) {
        return """
                AGENT.sources = r1
                AGENT.channels = c1
                AGENT.sinks = k1
                AGENT.sources.r1.type = netcat
                AGENT.sources.r1.bind = 127.0.0.1
                AGENT.sources.r1.port = PORT
                AGENT.sources.r1.channels = c1
                AGENT.channels.c1.type = memory
                AGENT.channels.c1.capacity = 1000
                AGENT.sinks.k1.type = logger
                AGENT.sinks.k1.channel = c1
                """.replace("AGENT", agent).replace("PORT", String.valueOf(port));
    }

    @Test
    public void anInvalidConfigurationIsReportedAndTheRunningFlowKeepsServing() throws Exception {
        awaitRunning("a1");
        configureAgent("broken", flume("""
                broken.sources = r1 r2
                broken.channels = c1
                broken.sinks = k1
                broken.sources.r1.type = netcat
                broken.sources.r1.bind = 127.0.0.1
                broken.sources.r1.port = 44511
                broken.sources.r1.channels = c1
                broken.sources.r2.type = netcat
                broken.sources.r2.bind = 127.0.0.1
                broken.sources.r2.port = 44512
                broken.sources.r2.channels = c7
                broken.channels.c1.type = memory
                broken.channels.c1.capacity = lots
                broken.sinks.k1.type = logger
                broken.sinks.k1.channel = c1
                """));
        AgentStatus broken = awaitAgent("broken", a -> a.component(ComponentKind.CHANNEL, "c1") != null
                && a.component(ComponentKind.CHANNEL, "c1").state() == ComponentState.FAILED, "c1 refused");
        assertEquals("broken.channels.c1.capacity = lots: not a whole number",
                broken.component(ComponentKind.CHANNEL, "c1").reason());
        assertEquals(ComponentState.FAILED, broken.component(ComponentKind.SOURCE, "r2").state());
        assertTrue(broken.errors().toString(), broken.errors().contains(
                "broken.sources.r2.channels = c7: channel 'c7' is not declared in broken.channels"));
        String status = execute("millrace:status broken");
        assertTrue(status, status.contains("ERROR broken.sources.r2.channels = c7"));
        assertEquals("the default flow keeps serving", List.of("OK"), send(quickStartPort(), List.of("still here")));

        configureAgent("steady", flume(netcatToLogger("steady", 44513)));
        awaitRunning("steady");
        assertEquals(List.of("OK"), send(44513, List.of("steady-1")));
        configureAgent("steady", flume(netcatToLogger("steady", 44513).replace("c1.capacity = 1000",
                "c1.capacity = -5")));
        AgentStatus steady = awaitAgent("steady", a -> !a.errors().isEmpty(), "the update is rejected");
        assertEquals(List.of("update rejected: steady.channels.c1.capacity = -5: must be at least 1"), steady.errors());
        assertEquals(1, steady.generation());
        assertEquals("the previous flow still runs", List.of("OK"), send(44513, List.of("steady-2")));
        awaitLogLines("steady-2", 1);
    }

    @Test
    public void stoppingTheLoggerBundleParksTheSinkAndRestartingItDeliversEveryEvent() throws Exception {
        configureAgent("park", flume(netcatToLogger("park", 44521)));
        awaitRunning("park");
        List<String> first = bodies("park-early-", 5);
        assertEquals(replies(5), send(44521, first));
        awaitLogLines("park-early-", 5);

        Bundle logger = bundle("org.millrace.sink.logger");
        logger.stop();
        awaitState("park", ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        List<String> held = bodies("park-held-", 20);
        assertEquals("the source keeps accepting while the sink is missing", replies(20), send(44521, held));
        AgentStatus parked = agents.get("park").orElseThrow();
        assertEquals(20L, parked.component(ComponentKind.CHANNEL, "c1").counters().get("ChannelSize"));
        assertEquals(ComponentState.RUNNING, parked.component(ComponentKind.SOURCE, "r1").state());

        logger.start();
        awaitState("park", ComponentKind.SINK, "k1", ComponentState.RUNNING);
        for (String body : held) {
            assertEquals(body + " delivered exactly once", 1, awaitLogLines(body + " }", 1).size());
        }
        assertEquals(5, logLines("park-early-").size());
    }

    @Test
    public void diffShowsThePlanAndReloadRebuildsWithoutLosingTheChannelsEvents() throws Exception {
        configureAgent("plan", flume(netcatToLogger("plan", 44531)));
        awaitRunning("plan");
        java.nio.file.Path next = java.nio.file.Files.createTempFile("plan", ".conf");
        java.nio.file.Files.writeString(next, netcatToLogger("plan", 44531).replace("c1.capacity = 1000",
                "c1.capacity = 2000") + "plan.sinks.k1.maxBytesToLog = 64\n");
        String diff = execute("millrace:diff plan " + next);
        assertTrue(diff, diff.contains("reconfigure channel c1: capacity 1000 -> 2000; its events stay in it"));
        assertTrue(diff, diff.contains("replace sink k1: maxBytesToLog (unset) -> 64"));
        assertTrue(diff, diff.contains("rewire source r1: channel c1 is reconfigured"));
        assertTrue(diff, diff.contains("The agent would apply this plan."));
        assertEquals("diff changes nothing", 1, agents.get("plan").orElseThrow().generation());

        Bundle logger = bundle("org.millrace.sink.logger");
        logger.stop();
        awaitState("plan", ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        assertEquals(replies(3), send(44531, bodies("plan-kept-", 3)));
        long channelStart = agents.get("plan").orElseThrow().component(ComponentKind.CHANNEL, "c1").startTime();
        String reload = execute("millrace:reload plan");
        assertTrue(reload, reload.contains("Agent plan reloaded."));
        AgentStatus reloaded = agents.get("plan").orElseThrow();
        assertTrue("reload rebuilt the channel", reloaded.component(ComponentKind.CHANNEL, "c1").startTime()
                > channelStart);
        assertEquals("its events were carried over", 3L, reloaded.component(ComponentKind.CHANNEL, "c1").counters()
                .get("ChannelSize"));
        logger.start();
        for (String body : bodies("plan-kept-", 3)) {
            awaitLogLines(body + " }", 1);
        }
    }

    private static List<String> bodies(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> replies(int n) {
        return java.util.Collections.nCopies(n, "OK");
    }
}

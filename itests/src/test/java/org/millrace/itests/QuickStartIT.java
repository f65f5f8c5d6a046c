package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The distribution as it boots: Flume's quick start, Flume files dropped into etc/, and the console. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuickStartIT extends MillraceTestSupport {

    @Test
    public void theQuickStartAgentAnswersOkAndLogsTheEventAsFlumeDoes() throws Exception {
        awaitRunning("a1");
        awaitPort(quickStartPort());
        assertEquals(List.of("OK"), send(quickStartPort(), List.of("Hello world!\r")));
        awaitLogLines("Event: { headers:{} body: 48 65 6C 6C 6F 20 77 6F 72 6C 64 21 0D          Hello world!. }", 1);
    }

    @Test
    public void listAndStatusShowTheDefaultAgent() throws Exception {
        awaitRunning("a1");
        String list = execute("millrace:list a1");
        for (String row : List.of("source", "r1", "netcat", "channel", "c1", "memory", "sink", "k1", "logger")) {
            assertTrue(row + " in:\n" + list, list.contains(row));
        }
        assertFalse(list, list.contains("WAITING"));
        String status = execute("millrace:status a1");
        assertTrue(status, status.contains("EventAcceptedCount"));
        assertTrue(status, status.contains("ChannelCapacity = 1000"));
    }

    @Test
    public void aFlumeFileCopiedIntoEtcRunsAsASecondAgentAndStopsWhenRemoved() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path file = etc.resolve("org.millrace.agent-copied.cfg");
        int port = freePort();
        Files.writeString(file, """
                # a Flume file as a Flume user writes it
                collector.sources = src
                collector.channels = mem
                collector.sinks = devnull
                collector.sources.src.type = netcat
                collector.sources.src.bind = 127.0.0.1
                collector.sources.src.port = PORT
                collector.sources.src.channels = mem
                collector.sources.src.interceptors = ts
                collector.sources.src.interceptors.ts.type = timestamp
                collector.channels.mem.type = memory
                collector.sinks.devnull.type = null
                collector.sinks.devnull.channel = mem
                """.replace("PORT", Integer.toString(port)), StandardCharsets.ISO_8859_1);
        awaitRunning("copied");
        awaitPort(port);
        assertEquals(List.of("OK", "OK", "OK"), send(port, List.of("one", "two", "three")));
        AgentStatus copied = awaitAgent("copied", a -> Long.valueOf(3).equals(a.component(ComponentKind.SINK,
                "devnull").counters().get("EventDrainSuccessCount")), "three events drained");
        assertEquals(1, copied.generation());
        awaitRunning("a1");

        Files.delete(file);
        awaitAgentGone("copied");
    }

    @Test
    public void validateChecksAFlumeFileWithoutRunningIt() throws Exception {
        Path file = Files.createTempFile("flume", ".conf");
        Files.writeString(file, """
                a9.sources = r1
                a9.channels = c1
                a9.sinks = k1
                a9.sources.r1.type = netcat
                a9.sources.r1.bind = localhost
                a9.sources.r1.port = forty
                a9.sources.r1.channels = c1
                a9.channels.c1.type = memory
                a9.sinks.k1.type = hdfs
                a9.sinks.k1.channel = c2
                """);
        String out = execute("millrace:validate " + file);
        assertTrue(out, out.contains("ERROR a9.sinks.k1.channel = c2: channel 'c2' is not declared in a9.channels"));
        assertTrue(out, out.contains("ERROR a9.sources.r1.port = forty: not a whole number"));
        assertTrue(out, out.contains("WARNING a9.sinks.k1.type = hdfs: no installed bundle provides sink type 'hdfs'"));
        assertTrue(out, out.contains("2 error(s)."));
        assertFalse("validate runs nothing", agents.get("a9").isPresent());
    }

    private void awaitAgentGone(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (agents.get(name).isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(name + " stopped", agents.get(name).isPresent());
    }
}

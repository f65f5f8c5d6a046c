package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The user guide's multi-agent topology in one Karaf: three "web server" agents (netcat under steady load) send
 * over avro to one collector agent writing files with file_roll. The collector is killed and restarted mid-stream;
 * afterwards every acknowledged event is in the collector's files.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MultiAgentIT extends MillraceTestSupport {

    private static String collector(String name, int avroPort, Path directory) {
        return """
                NAME.sources = avro-in
                NAME.channels = mem
                NAME.sinks = files
                NAME.sources.avro-in.type = avro
                NAME.sources.avro-in.bind = 127.0.0.1
                NAME.sources.avro-in.port = PORT
                NAME.sources.avro-in.channels = mem
                NAME.channels.mem.type = memory
                NAME.channels.mem.capacity = 10000
                NAME.channels.mem.transactionCapacity = 1000
                NAME.sinks.files.type = file_roll
                NAME.sinks.files.channel = mem
                NAME.sinks.files.sink.directory = DIR
                NAME.sinks.files.sink.rollInterval = 2
                """.replace("NAME", name).replace("PORT", String.valueOf(avroPort))
                .replace("DIR", directory.toString());
    }

    private static String webServer(String name, int netcatPort, int collectorPort) {
        return """
                NAME.sources = r1
                NAME.channels = c1
                NAME.sinks = k1
                NAME.sources.r1.type = netcat
                NAME.sources.r1.bind = 127.0.0.1
                NAME.sources.r1.port = NC
                NAME.sources.r1.channels = c1
                NAME.sources.r1.interceptors = host
                NAME.sources.r1.interceptors.host.type = host
                NAME.channels.c1.type = memory
                NAME.channels.c1.capacity = 100000
                NAME.sinks.k1.type = avro
                NAME.sinks.k1.channel = c1
                NAME.sinks.k1.hostname = 127.0.0.1
                NAME.sinks.k1.port = AVRO
                NAME.sinks.k1.batch-size = 100
                """.replace("NAME", name).replace("NC", String.valueOf(netcatPort))
                .replace("AVRO", String.valueOf(collectorPort));
    }

    /** Waits until every acknowledged line of every driver is in the files; returns the duplicates seen. */
    private static int awaitAllWritten(Path directory, List<LoadDriver> drivers) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        List<String> missing = List.of();
        while (System.currentTimeMillis() < deadline) {
            Map<String, Integer> written = lines(directory);
            missing = new ArrayList<>();
            for (LoadDriver driver : drivers) {
                for (String body : driver.acked) {
                    if (!written.containsKey(body)) {
                        missing.add(body);
                    }
                }
            }
            if (missing.isEmpty()) {
                return written.values().stream().mapToInt(c -> c - 1).sum();
            }
            Thread.sleep(200);
        }
        fail(missing.size() + " acknowledged events never reached the collector's files, e.g. "
                + missing.subList(0, Math.min(5, missing.size())));
        return -1;
    }

    @Test
    public void threeWebServersFanInToACollectorThatIsKilledAndRestartedMidStream() throws Exception {
        Path directory = Path.of(System.getProperty("karaf.data"), "collector-files");
        configureAgent("collector", flume(collector("collector", 44811, directory)));
        awaitRunning("collector");
        for (int i = 0; i < 3; i++) {
            configureAgent("web" + i, flume(webServer("web" + i, 44821 + i, 44811)));
        }
        List<LoadDriver> drivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            awaitRunning("web" + i);
            awaitPort(44821 + i);
            drivers.add(new LoadDriver("fan" + i + "-", 44821 + i, 200));
        }
        try {
            Thread.sleep(1500);

            // kill: the collector's avro source goes away; the web servers' sinks fail, roll back and keep the events
            Bundle avroSource = bundle("org.millrace.source.avro");
            avroSource.stop();
            awaitState("collector", ComponentKind.SOURCE, "avro-in", ComponentState.WAITING_FOR_TYPE);
            Thread.sleep(2000);
            avroSource.start();
            awaitRunning("collector");
            Thread.sleep(1500);

            // kill again: the whole collector agent is deleted (it drains what it holds), then configured again
            configAdmin.getFactoryConfiguration("org.millrace.agent", "collector", "?").delete();
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (agents.get("collector").isPresent() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2000);
            configureAgent("collector", flume(collector("collector", 44811, directory)));
            awaitRunning("collector");
            Thread.sleep(1500);
        } finally {
            for (LoadDriver d : drivers) {
                d.pause();
            }
        }
        int duplicates = awaitAllWritten(directory, drivers);
        int acked = drivers.stream().mapToInt(d -> d.acked.size()).sum();
        System.out.printf("fan-in: %d events acknowledged by the web servers, all in the collector's files, %d"
                + " duplicates%n", acked, duplicates);
        assertTrue("a meaningful load", acked > 1000);
        for (LoadDriver d : drivers) {
            d.close();
        }
    }

    @Test
    public void aFailoverGroupSwitchesToTheSecondCollector() throws Exception {
        Path primary = Path.of(System.getProperty("karaf.data"), "primary-files");
        Path backup = Path.of(System.getProperty("karaf.data"), "backup-files");
        configureAgent("primary", flume(collector("primary", 44831, primary)));
        configureAgent("backup", flume(collector("backup", 44832, backup)));
        configureAgent("edge", flume(webServer("edge", 44841, 44831) + """
                edge.sinks = k1 k2
                edge.sinks.k2.type = avro
                edge.sinks.k2.channel = c1
                edge.sinks.k2.hostname = 127.0.0.1
                edge.sinks.k2.port = 44832
                edge.sinkgroups = g1
                edge.sinkgroups.g1.sinks = k1 k2
                edge.sinkgroups.g1.processor.type = failover
                edge.sinkgroups.g1.processor.priority.k1 = 10
                edge.sinkgroups.g1.processor.priority.k2 = 5
                """));
        awaitRunning("primary");
        awaitRunning("backup");
        awaitRunning("edge");
        awaitPort(44841);
        try (LoadDriver load = new LoadDriver("fo0-", 44841, 200)) {
            Thread.sleep(1000);
            configAdmin.getFactoryConfiguration("org.millrace.agent", "primary", "?").delete();
            Thread.sleep(2000);
            load.pause();
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                Map<String, Integer> all = lines(primary);
                lines(backup).forEach((k, v) -> all.merge(k, v, Integer::sum));
                if (load.acked.stream().allMatch(all::containsKey)) {
                    assertTrue("the backup collector took over", !lines(backup).isEmpty());
                    return;
                }
                Thread.sleep(200);
            }
            fail("events acknowledged by the edge agent are missing from both collectors");
        }
    }
}

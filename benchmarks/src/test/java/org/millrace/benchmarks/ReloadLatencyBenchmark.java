package org.millrace.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.SinkFactory;
import org.millrace.itests.LoadDriver;
import org.millrace.itests.MillraceTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Reload latency in the real distribution: from a Config Admin update (what {@code config:update} does) to the
 * changed component serving, over 50 reloads; and the longest pause in delivery an unaffected agent sees
 * meanwhile. Also from an edit of {@code etc/org.millrace.agent-*.cfg} to the change serving.
 *
 * <p>Run: {@code mvn -q install -DskipTests && mvn verify -pl benchmarks -Preload-benchmark}; figures are printed
 * and recorded in {@code benchmarks/RESULTS.md} by hand.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadLatencyBenchmark extends MillraceTestSupport {
    private static final int RELOADS = 50;

    private static String agent(String name, int port) {
        return """
                NAME.sources = r1
                NAME.channels = c1
                NAME.sinks = k1
                NAME.sources.r1.type = netcat
                NAME.sources.r1.bind = 127.0.0.1
                NAME.sources.r1.port = PORT
                NAME.sources.r1.channels = c1
                NAME.channels.c1.type = memory
                NAME.channels.c1.capacity = 10000
                NAME.sinks.k1.type = counting
                NAME.sinks.k1.channel = c1
                """.replace("NAME", name).replace("PORT", String.valueOf(port));
    }

    @Test
    public void reloadLatencyAndTheLongestPauseOfAnUnaffectedFlow() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectorTypes.TYPE, "counting");
        ServiceRegistration<SinkFactory> counting = bundleContext.registerService(SinkFactory.class,
                LoadDriver.COUNTING, props);
        try {
            configureAgent("steady", flume(agent("steady", 44701)));
            configureAgent("bench", flume(agent("bench", 44702)));
            awaitRunning("steady");
            awaitRunning("bench");
            awaitPort(44701);
            awaitPort(44702);
            try (LoadDriver load = new LoadDriver("steady-", 44701, 1000)) {
                Thread.sleep(2000);
                LoadDriver.LONGEST_GAP.get("steady/k1").set(0);
                List<Double> viaConfigAdmin = new ArrayList<>();
                for (int i = 1; i <= RELOADS; i++) {
                    int port = 44702 + (i % 2 == 0 ? 0 : 1);
                    long start = System.nanoTime();
                    configureAgent("bench", flume(agent("bench", port)));
                    awaitServing(port);
                    viaConfigAdmin.add((System.nanoTime() - start) / 1e6);
                }
                long steadyPause = LoadDriver.LONGEST_GAP.get("steady/k1").get();
                report("Config Admin update -> netcat source on its new port answers OK", viaConfigAdmin);
                System.out.printf("longest pause in delivery of the unaffected agent during %d reloads: %d ms"
                        + " (its sender paces one event per ms)%n", RELOADS, steadyPause);

                Path cfg = Path.of(System.getProperty("karaf.etc"), "org.millrace.agent-filed.cfg");
                List<Double> viaFile = new ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    int port = 44710 + (i % 2);
                    long start = System.nanoTime();
                    Files.writeString(cfg, agent("filed", port));
                    awaitServing(port);
                    viaFile.add((System.nanoTime() - start) / 1e6);
                }
                report("edit of etc/org.millrace.agent-filed.cfg -> serving (fileinstall polls every 250 ms)",
                        viaFile);
                load.pause();
                System.out.printf("unaffected agent: %d events acknowledged, %d undelivered%n", load.acked.size(),
                        load.undelivered().size());
            }
        } finally {
            counting.unregister();
        }
    }

    /** Waits until a netcat source on the port accepts a line and answers OK. */
    private static void awaitServing(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("probe\n".getBytes(StandardCharsets.UTF_8));
                if ("OK".equals(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine())) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(1);
            }
        }
        throw new AssertionError("nothing served on port " + port);
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s, %d runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

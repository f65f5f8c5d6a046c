package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Monitoring read from a running distribution the way users read it: Flume's JSON at /metrics, Prometheus at
 * /prometheus, Flume's MBeans over a JMX connection to the Karaf process, {@code millrace:top} from
 * {@code bin/client}, and the flow view in a real headless chromium. Numbers are checked against the lines netcat
 * clients had acknowledged, while they send and once they stopped; the JSON's keys against what Flume 1.11 serves
 * for the same flow.
 */
public class MonitoringIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path ROOT = Path.of("target", "monitoring").toAbsolutePath();
    /**
     * What Millrace publishes beyond Flume 1.11 for these types (docs/monitoring.md): the http source's refused,
     * paused and idle-closed connections, and the storage error counters every Millrace channel has (Flume has them
     * on the file channel).
     */
    private static final Set<String> EXTRA = Set.of("SOURCE.ConnectionRefusedCount", "SOURCE.ReadPausedCount",
            "SOURCE.ConnectionIdleClosedCount", "CHANNEL.EventPutErrorCount",
            "CHANNEL.EventTakeErrorCount", "CHANNEL.CheckpointWriteErrorCount",
            "CHANNEL.CheckpointBackupWriteErrorCount");

    private static Distribution millrace;
    private static ProcessHandle karaf;

    @BeforeClass
    public static void start() throws Exception {
        Files.createDirectories(ROOT);
        millrace = Distribution.unpack(ROOT.resolve("millrace"));
        Files.delete(millrace.resolve("etc/org.millrace.agent-a1.cfg")); // the quick start's port may be taken
        karaf = millrace.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) { // monitoring starts after the agents (start level 80)
            try {
                get(millrace.monitoringPort(), "/metrics");
                break;
            } catch (IOException notYet) {
                assertTrue("monitoring did not start", System.currentTimeMillis() < deadline);
                Thread.sleep(200);
            }
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf != null) {
            millrace.stop(karaf);
        }
    }

    /** netcat (acknowledging each line) -> memory -> null, Flume's file for agent {@code agent}. */
    private static String flow(String agent, String source, String channel, String sink, int port) {
        return String.join("\n",
                agent + ".sources = " + source, agent + ".channels = " + channel, agent + ".sinks = " + sink,
                agent + ".sources." + source + ".type = netcat",
                agent + ".sources." + source + ".bind = 127.0.0.1",
                agent + ".sources." + source + ".port = " + port,
                agent + ".sources." + source + ".channels = " + channel,
                agent + ".channels." + channel + ".type = memory",
                agent + ".channels." + channel + ".capacity = 10000",
                agent + ".channels." + channel + ".transactionCapacity = 1000",
                agent + ".sinks." + sink + ".type = null",
                agent + ".sinks." + sink + ".channel = " + channel, "");
    }

    private static void deploy(String agent, String config) throws IOException {
        Path staged = millrace.resolve("agent-" + agent + ".tmp");
        Files.writeString(staged, config);
        Files.move(staged, millrace.resolve("etc/org.millrace.agent-" + agent + ".cfg"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(path + ": " + response.body(), 200, response.statusCode());
        return response.body();
    }

    private static JsonNode flumeJson(int port) throws Exception {
        return JSON.readTree(get(port, "/metrics"));
    }

    private static long json(JsonNode metrics, String component, String attribute) {
        JsonNode value = metrics.path(component).path(attribute);
        assertTrue(component + "." + attribute + " missing from " + metrics, value.isTextual());
        return Long.parseLong(value.asText());
    }

    private static long prometheus(String text, String metric, String agent, String component) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{agent=\"" + agent + "\",component=\"" + component
                + "\",[^}]*} (\\S+)$").matcher(text);
        assertTrue(metric + " of " + agent + "/" + component + " missing from:\n" + text, m.find());
        return (long) Double.parseDouble(m.group(1));
    }

    /** Sends {@code n} lines and reads an OK for each: when it returns, all were committed to the channel. */
    private static void sendAcked(int port, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        Socket socket = null;
        while (socket == null) {
            try {
                socket = new Socket("127.0.0.1", port);
            } catch (IOException notYet) {
                assertTrue("nothing listens on " + port, System.currentTimeMillis() < deadline);
                Thread.sleep(200);
            }
        }
        try (Socket s = socket) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (int sent = 0; sent < n; sent += 100) {
                StringBuilder lines = new StringBuilder();
                for (int i = sent; i < Math.min(n, sent + 100); i++) {
                    lines.append("line-").append(i).append('\n');
                }
                out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = sent; i < Math.min(n, sent + 100); i++) {
                    assertEquals("OK", in.readLine());
                }
            }
        }
    }

    private static long acked(List<NetcatSender> senders) {
        return senders.stream().mapToLong(s -> s.acked.size()).sum();
    }

    /** Waits until the sink of the JSON document has delivered {@code n} events. */
    private static JsonNode awaitDrained(int port, String sink, long n) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode metrics = flumeJson(port);
        while (json(metrics, sink, "EventDrainSuccessCount") < n) {
            assertTrue("the sink delivered " + json(metrics, sink, "EventDrainSuccessCount") + " of " + n,
                    System.currentTimeMillis() < deadline);
            Thread.sleep(200);
            metrics = flumeJson(port);
        }
        return metrics;
    }

    @Test
    public void everyEndpointCountsTheEventsSentWhileTheySendAndOnceTheyStopped() throws Exception {
        int port = Distribution.freePort();
        int monitoring = millrace.monitoringPort();
        deploy("web", flow("web", "r1", "c1", "k1", port));
        List<NetcatSender> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            senders.add(new NetcatSender("client" + i, port));
        }
        senders.forEach(Thread::start);
        long vmPid = karaf.pid();
        VirtualMachine vm = VirtualMachine.attach(Long.toString(vmPid));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            NetcatSender.awaitAcks(senders, 3_000);
            for (int reading = 0; reading < 3; reading++) { // under load: never fewer than were acknowledged
                long before = acked(senders);
                long fromJson = json(flumeJson(monitoring), "SOURCE.r1", "EventAcceptedCount");
                long fromPrometheus = prometheus(get(monitoring, "/prometheus"), "millrace_source_event_accepted_total",
                        "web", "r1");
                long fromJmx = (Long) mbeans.getAttribute(new ObjectName("org.apache.flume.source:type=r1"),
                        "EventAcceptedCount");
                long after = acked(senders);
                for (long counted : new long[] {fromJson, fromPrometheus, fromJmx}) {
                    assertTrue(counted + " accepted while " + before + " were acknowledged", counted >= before);
                    assertTrue(counted + " accepted, more than the " + (after + 60) + " sent", counted <= after + 60);
                }
                Thread.sleep(500);
            }
            for (NetcatSender s : senders) {
                s.finish();
                s.close();
            }
            long total = acked(senders);
            assertTrue("load: " + total + " lines", total > 3_000);
            JsonNode metrics = awaitDrained(monitoring, "SINK.k1", total);
            assertEquals(total, json(metrics, "SOURCE.r1", "EventReceivedCount"));
            assertEquals(total, json(metrics, "SOURCE.r1", "EventAcceptedCount"));
            assertEquals(total, json(metrics, "CHANNEL.c1", "EventPutSuccessCount"));
            assertEquals(total, json(metrics, "CHANNEL.c1", "EventTakeSuccessCount"));
            assertEquals(0, json(metrics, "CHANNEL.c1", "ChannelSize"));
            assertEquals(total, json(metrics, "SINK.k1", "EventDrainSuccessCount"));
            String prometheus = get(monitoring, "/prometheus");
            assertEquals(total, prometheus(prometheus, "millrace_source_event_received_total", "web", "r1"));
            assertEquals(total, prometheus(prometheus, "millrace_channel_event_take_success_total", "web", "c1"));
            assertEquals(total, prometheus(prometheus, "millrace_sink_event_drain_success_total", "web", "k1"));
            assertEquals(0, prometheus(prometheus, "millrace_channel_size", "web", "c1"));
            assertEquals(total, mbeans.getAttribute(new ObjectName("org.apache.flume.sink:type=k1"),
                    "EventDrainSuccessCount"));
            assertEquals(10_000L, mbeans.getAttribute(new ObjectName("org.apache.flume.channel:type=c1"),
                    "ChannelCapacity"));
            assertEquals("SOURCE", mbeans.getAttribute(new ObjectName("org.apache.flume.source:type=r1"), "Type"));
            JsonNode flows = JSON.readTree(get(monitoring, "/api/flows"));
            JsonNode web = null;
            for (JsonNode a : flows.get("agents")) {
                web = a.get("name").asText().equals("web") ? a : web;
            }
            assertTrue(flows.toString(), web != null);
            JsonNode sink = null;
            for (JsonNode c : web.get("components")) {
                sink = c.get("id").asText().equals("sink:k1") ? c : sink;
            }
            assertEquals(web.toString(), total, sink.get("out").asLong());
        } finally {
            vm.detach();
        }
        String top = millrace.console("millrace:top -n 1 -d 0.5 web");
        assertTrue(top, top.matches("(?s).*web +\\| source +\\| r1 +\\| netcat +\\| +0 \\| +0 \\|.*RUNNING.*"));
    }

    /**
     * http (JSONHandler) -> memory -> file_roll, Flume's file for agent {@code cmp}: types whose Flume 1.11 classes
     * publish counters (Flume's netcat source and null sink publish none).
     */
    private static String countedFlow(int port, Path rolls) {
        return String.join("\n",
                "cmp.sources = src", "cmp.channels = ch", "cmp.sinks = snk",
                "cmp.sources.src.type = http", "cmp.sources.src.bind = 127.0.0.1", "cmp.sources.src.port = " + port,
                "cmp.sources.src.channels = ch",
                "cmp.channels.ch.type = memory", "cmp.channels.ch.capacity = 10000",
                "cmp.channels.ch.transactionCapacity = 1000",
                "cmp.sinks.snk.type = file_roll", "cmp.sinks.snk.sink.directory = " + rolls,
                "cmp.sinks.snk.sink.rollInterval = 0", "cmp.sinks.snk.channel = ch", "");
    }

    /** Posts {@code n} events in batches of 100; each 200 means the batch was committed. */
    private static void post(int port, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        for (int sent = 0; sent < n; sent += 100) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = sent; i < Math.min(n, sent + 100); i++) {
                batch.append(i == sent ? "" : ",").append("{\"headers\":{\"n\":\"").append(i)
                        .append("\"},\"body\":\"line-").append(i).append("\"}");
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build();
            while (true) {
                try {
                    assertEquals(200, HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                    break;
                } catch (IOException notYet) {
                    assertTrue("nothing listens on " + port, System.currentTimeMillis() < deadline);
                    Thread.sleep(200);
                }
            }
        }
    }

    @Test
    public void theJsonHasFlumesKeysForTheSameFlow() throws Exception {
        Path flumeLib = Path.of(System.getProperty("millrace.flume.lib"));
        FlumeRuntime.resolve(flumeLib, Path.of(System.getProperty("millrace.flume.pom")));
        int millracePort = Distribution.freePort();
        int flumePort = Distribution.freePort();
        int flumeMonitoring = Distribution.freePort();
        Path rolls = Files.createDirectories(ROOT.resolve("rolls"));
        deploy("cmp", countedFlow(millracePort, Files.createDirectories(rolls.resolve("millrace"))));
        Process flume = FlumeRuntime.start(flumeLib, ROOT.resolve("flume"), "cmp",
                countedFlow(flumePort, Files.createDirectories(rolls.resolve("flume"))), "256m", flumeMonitoring);
        try {
            post(millracePort, 2_000);
            post(flumePort, 2_000);
            JsonNode ours = awaitDrained(millrace.monitoringPort(), "SINK.snk", 2_000);
            JsonNode theirs = awaitDrained(flumeMonitoring, "SINK.snk", 2_000);
            System.out.println("Flume 1.11 serves: " + theirs + "\nMillrace serves: " + ours);
            Set<String> flumeKeys = keys(theirs);
            assertEquals(Set.of("SOURCE.src", "CHANNEL.ch", "SINK.snk"), flumeKeys);
            for (String component : flumeKeys) {
                Set<String> expected = keys(theirs.get(component));
                Set<String> actual = keys(ours.path(component));
                String type = component.substring(0, component.indexOf('.'));
                actual.removeIf(k -> EXTRA.contains(type + "." + k));
                assertEquals(component + " attributes", expected, actual);
                for (String attribute : expected) {
                    assertTrue(component + "." + attribute + " is a string in both",
                            ours.get(component).get(attribute).isTextual());
                }
            }
            for (String[] same : new String[][] {{"SOURCE.src", "EventReceivedCount"},
                    {"SOURCE.src", "EventAcceptedCount"}, {"SOURCE.src", "AppendBatchAcceptedCount"},
                    {"CHANNEL.ch", "EventPutSuccessCount"}, {"CHANNEL.ch", "EventTakeSuccessCount"},
                    {"CHANNEL.ch", "ChannelSize"}, {"CHANNEL.ch", "ChannelCapacity"},
                    {"CHANNEL.ch", "ChannelFillPercentage"}, {"SINK.snk", "EventDrainSuccessCount"},
                    {"SINK.snk", "ConnectionCreatedCount"},
                    {"SOURCE.src", "Type"}, {"CHANNEL.ch", "Type"}, {"SINK.snk", "Type"}}) {
                assertEquals(same[0] + "." + same[1], theirs.get(same[0]).get(same[1]).asText(),
                        ours.get(same[0]).get(same[1]).asText());
            }
        } finally {
            flume.destroy();
            flume.waitFor();
        }
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            out.add(names.next());
        }
        return out;
    }

    @Test
    public void theFlowViewShowsLiveFiguresAndFollowsAReconfiguration() throws Exception {
        Path chromium;
        try {
            chromium = HeadlessBrowser.find();
        } catch (IllegalStateException none) {
            Assume.assumeTrue("flow view not tested in a browser: " + none.getMessage(), false);
            return;
        }
        int port = Distribution.freePort();
        deploy("view", flow("view", "in", "buffer", "out", port));
        NetcatSender sender = new NetcatSender("viewer", port);
        sender.start();
        Path shots = Path.of("target", "screenshots");
        try (HeadlessBrowser browser = new HeadlessBrowser(chromium, ROOT.resolve("chromium-profile"))) {
            NetcatSender.awaitAcks(List.of(sender), 1_000);
            browser.open("http://127.0.0.1:" + millrace.monitoringPort() + "/");
            String row = "document.querySelector('#agent-view tr[data-id=\"source:in\"]')";
            browser.await("the source's row", row, 30);
            browser.await("a rate in events/s for the source", "Number(" + row + ".querySelector('td.in')"
                    + ".textContent.replace(/,/g, '')) > 0", 30);
            browser.await("the source RUNNING", row + ".querySelector('td.state').textContent === 'RUNNING'", 10);
            browser.await("the picture: 4 nodes and 3 edges", "window.millrace.view('view').nodes().length === 4"
                    + " && window.millrace.view('view').edges().length === 3", 10);
            browser.await("live figures on the picture", "window.millrace.view('view').getElementById('sink:out')"
                    + ".data('label').includes('/s')", 10);
            long shownTotal = browser.evaluate("Number(document.querySelector('#agent-view tr[data-id=\"sink:out\"]"
                    + " td.total').textContent.replace(/,/g, ''))").asLong();
            assertTrue("the page's total " + shownTotal + " against " + sender.acked.size() + " acknowledged",
                    shownTotal > 0 && shownTotal <= sender.acked.size() + 20);
            browser.screenshot(shots.resolve("flow-view-under-load.png"));

            String sinkTotal = "Number(document.querySelector('#agent-view tr[data-id=\"sink:out\"] td.total')"
                    + ".textContent.replace(/,/g, ''))";
            String grown = flow("view", "in", "buffer", "out", port).replace("view.channels = buffer",
                    "view.channels = buffer spare").replace("view.sinks = out", "view.sinks = out later")
                    .replace("view.sources.in.channels = buffer", "view.sources.in.channels = buffer spare")
                    .replace("view.sources = in", "view.sources = in bad")
                    + "view.sources.bad.type = netcat\nview.sources.bad.bind = 127.0.0.1\n"
                    + "view.channels.spare.type = memory\nview.channels.spare.capacity = 1000000\n"
                    + "view.sinks.later.type = com.example.NotInstalledSink\n"
                    + "view.sinks.later.channel = spare\nview.sinks.broken.type = null\n";

            // an update with an error is refused whole: the page lists why, and the flow runs on unchanged
            deploy("view", grown + "view.sources.bad.port = 1\nview.sources.bad.channels = nowhere\n");
            browser.await("the refused update's error", "document.querySelector('#agent-view ul.errors')"
                    + ".innerText.includes(\"channel 'nowhere' is not declared\")", 30);
            long before = browser.evaluate(sinkTotal).asLong();
            browser.await("the flow delivering after the refusal", sinkTotal + " > " + before, 30);
            browser.screenshot(shots.resolve("flow-view-update-refused.png"));

            // applied while it runs: a second channel, a sink whose type no bundle provides, a source whose port
            // is taken, and a warning
            try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                deploy("view", grown + "view.sources.bad.port = " + taken.getLocalPort()
                        + "\nview.sources.bad.channels = spare\n");
                browser.await("the new sink waiting for its type", "(document.querySelector('#agent-view"
                        + " tr[data-id=\"sink:later\"] td.state') || {}).textContent === 'WAITING_FOR_TYPE'", 30);
                browser.await("the source that cannot listen FAILED, with why", "(document.querySelector("
                        + "'#agent-view tr[data-id=\"source:bad\"]') || {innerText: ''}).innerText.includes('FAILED')"
                        + " && document.querySelector('#agent-view tr[data-id=\"source:bad\"] td.reason')"
                        + ".textContent.includes('" + taken.getLocalPort() + "')", 30);
                browser.await("the picture redrawn: 8 nodes, 7 edges", "window.millrace.view('view').nodes().length"
                        + " === 8 && window.millrace.view('view').edges().length === 7", 10);
                browser.await("the warning listed and the refusal gone", "document.querySelector('#agent-view"
                        + " ul.warnings').innerText.includes('broken') && !document.querySelector('#agent-view"
                        + " ul.errors').innerText.includes('nowhere')", 10);
                before = browser.evaluate(sinkTotal).asLong();
                browser.await("the first sink still delivering after the change", sinkTotal + " > " + before, 30);
                browser.await("the new channel filling", "parseFloat((document.querySelector('#agent-view"
                        + " tr[data-id=\"channel:spare\"] td.fill') || {}).textContent) > 0", 30);
                browser.screenshot(shots.resolve("flow-view-reconfigured.png"));
            }
        } finally {
            sender.close();
        }
    }
}

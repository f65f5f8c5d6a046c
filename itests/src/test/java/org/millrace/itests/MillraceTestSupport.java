package org.millrace.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots the Millrace distribution (once per test class) and talks to it as a user does: sockets, files in etc/,
 * Config Admin, bundles and console commands. Each test uses its own agent names and ports.
 */
public abstract class MillraceTestSupport {
    /** Generous bounds: the machine running the tests may be slow and busy. */
    protected static final long WAIT_MILLIS = 60_000;

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Inject
    protected Agents agents;

    @Inject
    protected SessionFactory sessionFactory;

    /** The system property that tells tests inside Karaf the quick-start agent's port. */
    protected static final String QUICK_START_PORT = "millrace.itest.quickstart.port";

    /** The system property that tells tests inside Karaf where monitoring listens. */
    protected static final String MONITORING_PORT = "millrace.itest.monitoring.port";

    @Configuration
    public Option[] config() {
        int quickStartPort = freePortOrFail();
        int monitoringPort = freePortOrFail();
        // The archive this build made: `mvn verify` does not install it where a maven: URL would look.
        String distribution = new File(System.getProperty("millrace.distribution")).toURI().toString();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(distribution).name("Millrace")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository")),
                // ports of its own: a distribution started by hand may hold the defaults (8101, 44444)
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePortOrFail())),
                editConfigurationFilePut("etc/org.millrace.monitoring.cfg", "port", Integer.toString(monitoringPort)),
                systemProperty(MONITORING_PORT).value(Integer.toString(monitoringPort)),
                editConfigurationFilePut("etc/org.millrace.agent-a1.cfg", "a1.sources.r1.port",
                        Integer.toString(quickStartPort)),
                systemProperty(QUICK_START_PORT).value(Integer.toString(quickStartPort)),
                // where this build put the artifacts tests copy into the running Karaf
                systemProperty("millrace.example.interceptor").value(System.getProperty("millrace.example.interceptor"))));
        for (String feature : bootFeatures()) {
            options.add(editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot", feature));
        }
        if (Boolean.getBoolean("millrace.itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    /**
     * Features to boot besides the distribution's: those whose packages a test class uses itself. Connectors a
     * flow names are installed when it names them, as for users.
     */
    protected List<String> bootFeatures() {
        return List.of();
    }

    /** Runs a console command as the user would type it; returns what it printed. */
    protected String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Creates or replaces the configuration of agent {@code name} with these Flume keys, via Config Admin. */
    protected org.osgi.service.cm.Configuration configureAgent(String name, Map<String, String> flume)
            throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("org.millrace.agent", name, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        flume.forEach(props::put);
        c.update(props);
        return c;
    }

    /** Parses Flume properties text into keys and values. */
    protected static Map<String, String> flume(String text) {
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** Waits until the agent exists and satisfies {@code condition}. */
    protected AgentStatus awaitAgent(String name, Predicate<AgentStatus> condition, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        AgentStatus last = null;
        while (System.currentTimeMillis() < deadline) {
            last = agents.get(name).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("agent " + name + ": " + what + " did not happen within " + WAIT_MILLIS + " ms; last status: " + last
                + whatKarafDid());
        return null;
    }

    /** Waits until every component of the agent runs. */
    protected AgentStatus awaitRunning(String name) throws InterruptedException {
        return awaitAgent(name, a -> !a.components().isEmpty()
                && a.components().stream().allMatch(c -> c.state() == ComponentState.RUNNING), "all components running");
    }

    /** Waits until one component is in a state. */
    protected ComponentStatus awaitState(String agent, ComponentKind kind, String component, ComponentState state)
            throws InterruptedException {
        return awaitAgent(agent, a -> a.component(kind, component) != null
                && a.component(kind, component).state() == state, kind.word() + " " + component + " " + state)
                .component(kind, component);
    }

    /** Sends lines to a netcat source and reads one reply per line. */
    protected static List<String> send(int port, List<String> lines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT_MILLIS);
            socket.getOutputStream().write(lines.stream().map(l -> l + "\n").collect(Collectors.joining())
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                replies.add(in.readLine());
            }
            return replies;
        }
    }

    /** A TCP port nothing listens on now. */
    private static int freePortOrFail() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e, e);
        }
    }

    /** The quick-start agent's port in this test's Karaf. */
    protected static int quickStartPort() {
        return Integer.getInteger(QUICK_START_PORT);
    }

    protected static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until a port accepts connections. */
    protected static void awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("nothing listens on port " + port + whatKarafDid());
    }

    /** The Karaf log file of this instance. */
    protected static Path karafLog() {
        return Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
    }

    /** The lines of the Karaf log that contain {@code text}. */
    protected static List<String> logLines(String text) throws IOException {
        try (var lines = Files.lines(karafLog(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).toList();
        }
    }

    /** Waits until the Karaf log holds {@code count} lines containing {@code text}; returns them. */
    protected static List<String> awaitLogLines(String text, int count) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        List<String> found = List.of();
        while (System.currentTimeMillis() < deadline) {
            found = logLines(text);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        }
        fail(count + " log lines with '" + text + "' expected, found " + found.size() + whatKarafDid());
        return found;
    }

    /** Every line of every file in the directory, with how often it occurs. */
    protected static Map<String, Integer> lines(Path directory) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    out.merge(line, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** Waits until the files in the directory hold {@code total} lines; returns them with how often each occurs. */
    protected static Map<String, Integer> awaitLines(Path directory, int total) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Integer> found = lines(directory);
        while (found.values().stream().mapToInt(Integer::intValue).sum() < total
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            found = lines(directory);
        }
        int count = found.values().stream().mapToInt(Integer::intValue).sum();
        if (count < total) {
            fail(total + " lines expected in " + directory + ", found " + count + whatKarafDid());
        }
        return found;
    }

    /**
     * For a failure message (CI shows those, not the log): the last warnings and errors of the Karaf log and the
     * threads that are busy in Millrace or the framework, so a timeout tells a stall from a slow machine.
     */
    protected static String whatKarafDid() {
        StringBuilder out = new StringBuilder("\n-- last warnings and errors in karaf.log:");
        try (var lines = Files.lines(karafLog(), StandardCharsets.UTF_8)) {
            List<String> problems = lines.filter(l -> l.contains("| WARN ") || l.contains("| ERROR ")).toList();
            problems.subList(Math.max(0, problems.size() - 20), problems.size())
                    .forEach(l -> out.append("\n").append(l, 0, Math.min(l.length(), 400)));
        } catch (IOException | RuntimeException e) {
            out.append(" not readable: ").append(e);
        }
        out.append("\n-- threads busy in Millrace or the framework:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            List<String> frames = java.util.Arrays.stream(stack).limit(12).map(StackTraceElement::toString).toList();
            boolean idle = frames.stream().anyMatch(f -> f.contains("ThreadPoolExecutor.getTask")
                    || f.contains("BlockingQueue.take") || f.contains("BlockingQueue.poll"));
            boolean ours = frames.stream().anyMatch(f -> f.startsWith("org.millrace")
                    || f.startsWith("org.apache.felix.framework") || f.startsWith("org.apache.karaf.features"));
            if (ours && !idle && thread != Thread.currentThread()) {
                out.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
                frames.stream().limit(8).forEach(f -> out.append("\n    at ").append(f));
            }
        });
        return out.toString();
    }

    /** The installed bundle with this symbolic name. */
    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}

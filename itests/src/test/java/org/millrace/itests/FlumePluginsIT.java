package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Plugins built for Flume run unchanged: a plain JAR (no OSGi manifest) in Flume's plugins.d layout or in deploy/
 * becomes a bundle, and a flow names its sources, interceptors and sinks by class as Flume files do. The Flume plugins feature is installed when a
 * flow first names a class no feature declares; replacing a plugin's JAR rebuilds what uses it, removing it makes
 * that wait.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FlumePluginsIT extends MillraceTestSupport {
    private static final String TEST_PLUGIN = "millrace.flume.test.plugin";
    private static final String UUID_PLUGIN = "millrace.flume.uuid.plugin";
    private static final String TAILDIR_PLUGIN = "millrace.flume.taildir.plugin";
    private static final String RECORDING = "com.acme.flume.RecordingInterceptor$Builder";

    @Inject
    private FeaturesService features;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(systemProperty(TEST_PLUGIN).value(System.getProperty(TEST_PLUGIN)));
        options.add(systemProperty(UUID_PLUGIN).value(System.getProperty(UUID_PLUGIN)));
        options.add(systemProperty(TAILDIR_PLUGIN).value(System.getProperty(TAILDIR_PLUGIN)));
        return options.toArray(new Option[0]);
    }

    /** The test plugin's JAR with an {@code acme-plugin.properties} that says which build it is. */
    private static void writePlugin(Path target, String build) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(Path.of(System.getProperty(TEST_PLUGIN))));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), in.getManifest())) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("acme-plugin.properties"));
            out.write(("build=" + build + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String flow(String agent, int port, Path out, String interceptor) {
        return ("""
                A.sources = r1
                A.channels = c1
                A.sinks = k1
                A.sources.r1.type = netcat
                A.sources.r1.bind = 127.0.0.1
                A.sources.r1.port = PORT
                A.sources.r1.channels = c1
                A.sources.r1.interceptors = i1
                A.channels.c1.type = memory
                A.sinks.k1.type = file_roll
                A.sinks.k1.channel = c1
                A.sinks.k1.sink.directory = OUT
                A.sinks.k1.sink.rollInterval = 0
                A.sinks.k1.sink.serializer = header_and_text
                A.sinks.k1.sink.batchSize = 1
                """ + interceptor).replace("A.", agent + ".").replace("PORT", Integer.toString(port))
                .replace("OUT", out.toString());
    }

    @Test
    public void aPluginsDPluginNamedByClassRunsIsReplacedLiveAndWaitsWhenRemoved() throws Exception {
        assertFalse(features.isInstalled(features.getFeature("millrace-flume-plugins")));
        Path karaf = Path.of(System.getProperty("karaf.base"));
        Path jar = karaf.resolve("plugins.d/acme/lib/acme-interceptor.jar");
        writePlugin(jar, "1");
        Path out = Files.createTempDirectory("flume-plugin");
        int port = freePort();
        configureAgent("plug", flume(flow("plug", port, out, """
                plug.sources.r1.interceptors.i1.type = com.acme.flume.RecordingInterceptor$Builder
                plug.sources.r1.interceptors.i1.header = acme
                """)));
        awaitRunning("plug");
        assertTrue(features.isInstalled(features.getFeature("millrace-flume-plugins")));
        awaitLogLines("Flume plugin interceptor type '" + RECORDING + "' from bundle flume-plugin.acme", 1);

        assertEquals(List.of("OK", "OK", "OK", "OK"), send(port, List.of("a", "drop", "new", "b")));
        Map<String, Integer> lines = awaitLines(out, 3);
        assertEquals(Map.of("{acme=1} A", 1, "{acme=1} made by the plugin", 1, "{acme=1} B", 1), lines);

        // a new build of the JAR: the bundle is updated, the interceptor built again from it
        Thread.sleep(1100); // a later modification time than the first JAR's, on any file system
        writePlugin(jar, "2");
        awaitLogLines("Flume plugin acme updated", 1);
        awaitLogLines("Flume plugin interceptor type '" + RECORDING + "' from bundle flume-plugin.acme", 2);
        awaitRunning("plug");
        assertEquals(List.of("OK"), send(port, List.of("c")));
        assertEquals(Integer.valueOf(1), awaitLines(out, 4).get("{acme=2} C"));

        // the plugin's folder goes: the source, whose interceptor it was, pauses until a bundle provides the type
        Files.delete(jar);
        Files.delete(jar.getParent());
        Files.delete(jar.getParent().getParent());
        ComponentStatus source = awaitState("plug", ComponentKind.SOURCE, "r1", ComponentState.PAUSED);
        assertTrue(source.reason(), source.reason().contains("no installed bundle provides interceptor type '"
                + RECORDING + "'"));
        awaitLogLines("Flume plugin flume-plugin.acme removed", 1);
    }

    @Test
    public void flumesOwnTaildirSourceAndUuidInterceptorModulesRunFromPluginsDAndDeploy() throws Exception {
        // Millrace's own taildir source and uuid interceptor answer to these Flume class names; with the installer
        // off and neither installed, the classes are Flume's, from the JARs Flume 1.11.0 ships
        // (flume-taildir-source, flume-ng-morphline-solr-sink), taken from Maven Central.
        features.uninstallFeature("millrace-connector-installer", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        assertFalse(features.isInstalled(features.getFeature("millrace-interceptor-core")));
        assertFalse(features.isInstalled(features.getFeature("millrace-source-taildir")));
        Path karaf = Path.of(System.getProperty("karaf.base"));
        Path deploy = Files.createDirectories(karaf.resolve("deploy"));
        Files.copy(Path.of(System.getProperty(UUID_PLUGIN)), deploy.resolve("flume-ng-morphline-solr-sink-1.11.0.jar"));
        Path lib = Files.createDirectories(karaf.resolve("plugins.d/flume-taildir/lib"));
        Files.copy(Path.of(System.getProperty(TAILDIR_PLUGIN)), lib.resolve("flume-taildir-source-1.11.0.jar"));

        Path work = Files.createTempDirectory("flume-taildir");
        Path log = Files.writeString(work.resolve("app.log"), "x\ny\n");
        Path out = Files.createDirectories(work.resolve("out"));
        configureAgent("tail", flume(flow("tail", 0, out, """
                tail.sources.r1.type = org.apache.flume.source.taildir.TaildirSource
                tail.sources.r1.filegroups = f1
                tail.sources.r1.filegroups.f1 = LOG
                tail.sources.r1.positionFile = POSITIONS
                tail.sources.r1.interceptors.i1.type = org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder
                tail.sources.r1.interceptors.i1.headerName = eventId
                tail.sources.r1.interceptors.i1.prefix = web1-
                """).replace("LOG", log.toString()).replace("POSITIONS", work.resolve("positions.json").toString())
                .replaceAll("(?m)^tail\\.sources\\.r1\\.(type = netcat|bind|port).*$", "")));
        awaitRunning("tail");
        awaitLogLines("Flume plugin source type 'org.apache.flume.source.taildir.TaildirSource' from bundle "
                + "flume-plugin.flume-taildir", 1);
        awaitLogLines("Flume plugin interceptor type 'org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder'"
                + " from bundle flume-ng-morphline-solr-sink", 1);
        List<String> lines = new ArrayList<>(awaitLines(out, 2).keySet());
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertTrue(line, line.matches("\\{eventId=web1-[0-9a-f-]{36}\\} [xy]"));
        }
        assertEquals(2, counter("tail", ComponentKind.SOURCE, "r1", "EventAcceptedCount"));
    }

    @Test
    public void pluginSourcesAndSinksRunWithAPluginInterceptorBetween() throws Exception {
        Path jar = Path.of(System.getProperty("karaf.base"), "plugins.d/acme/lib/acme-interceptor.jar");
        writePlugin(jar, "3");
        Path out = Files.createTempDirectory("flume-plugin-sink").resolve("events.txt");
        configureAgent("both", flume("""
                both.sources = r1
                both.channels = c1
                both.sinks = k1
                both.sources.r1.type = com.acme.flume.CountingSource
                both.sources.r1.total = 250
                both.sources.r1.batchSize = 50
                both.sources.r1.prefix = e
                both.sources.r1.channels = c1
                both.sources.r1.interceptors = i1
                both.sources.r1.interceptors.i1.type = com.acme.flume.RecordingInterceptor$Builder
                both.channels.c1.type = memory
                both.sinks.k1.type = com.acme.flume.LineFileSink
                both.sinks.k1.channel = c1
                both.sinks.k1.file = OUT
                """.replace("OUT", out.toString())));
        awaitRunning("both");
        awaitAgent("both", a -> counter("both", ComponentKind.SINK, "k1", "EventDrainSuccessCount") == 250,
                "250 events drained");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(250, lines.size());
        for (int i = 0; i < 250; i++) {
            assertEquals("{plugin=3} E-" + i, lines.get(i));
        }
        assertEquals(250, counter("both", ComponentKind.SOURCE, "r1", "EventAcceptedCount"));
    }

    @Test
    public void serializerPluginWritesTheFilesOfAFileRollSink() throws Exception {
        Path jar = Path.of(System.getProperty("karaf.base"), "plugins.d/acme/lib/acme-interceptor.jar");
        writePlugin(jar, "4");
        Path out = Files.createTempDirectory("flume-serializer");
        int port = freePort();
        configureAgent("csv", flume(flow("csv", port, out, """
                csv.sources.r1.interceptors = i1
                csv.sources.r1.interceptors.i1.type = com.acme.flume.RecordingInterceptor$Builder
                csv.sources.r1.interceptors.i1.header = host
                csv.sources.r1.interceptors.i1.value = web7
                csv.sinks.k1.sink.serializer = com.acme.flume.CsvSerializer$Builder
                """)));
        awaitRunning("csv");
        awaitLogLines("Flume plugin serializer type 'com.acme.flume.CsvSerializer$Builder' from bundle "
                + "flume-plugin.acme", 1);
        assertEquals(List.of("OK", "OK"), send(port, List.of("a", "b")));
        assertEquals(Map.of("# csv", 1, "web7,A", 1, "web7,B", 1), awaitLines(out, 3));
    }

    private long counter(String agent, ComponentKind kind, String component, String name) {
        return ((Number) agents.get(agent).orElseThrow().component(kind, component).counters().get(name))
                .longValue();
    }
}

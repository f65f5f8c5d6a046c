package org.millrace.platform.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.platform.ComponentKind;

/** The Flume grammar, checked against the configurations of Flume's user guide (1.11) and their mistakes. */
class FlumeConfigParserTest {

    /** The user guide's quick start (example.conf), verbatim. */
    static final String QUICK_START = """
            # example.conf: A single-node Flume configuration

            # Name the components on this agent
            a1.sources = r1
            a1.sinks = k1
            a1.channels = c1

            # Describe/configure the source
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = localhost
            a1.sources.r1.port = 44444

            # Describe the sink
            a1.sinks.k1.type = logger

            # Use a channel which buffers events in memory
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 1000
            a1.channels.c1.transactionCapacity = 100

            # Bind the source and sink to the channel
            a1.sources.r1.channels = c1
            a1.sinks.k1.channel = c1
            """;

    static Map<String, String> properties(String text) {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties p = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ordered;
    }

    static FlowModel parse(String text) {
        return FlumeConfigParser.parse("a1", null, properties(text));
    }

    static List<String> problems(List<Finding> findings) {
        return findings.stream().map(Finding::toString).toList();
    }

    @Test
    void theQuickStartParsesIntoOneSourceChannelAndSink() {
        FlowModel m = parse(QUICK_START);
        assertEquals(List.of(), problems(m.findings()));
        assertEquals("a1.", m.keyPrefix());
        SourceSpec r1 = m.sources().get("r1");
        assertEquals("netcat", r1.component().type());
        assertEquals(Map.of("bind", "localhost", "port", "44444"), r1.component().properties());
        assertEquals(List.of("c1"), r1.channels());
        assertEquals("replicating", r1.selector().type());
        assertEquals("a1.sources.r1.", r1.component().keyPrefix());
        assertEquals(Map.of("capacity", "1000", "transactionCapacity", "100"), m.channels().get("c1").properties());
        assertEquals(new SinkSpec(new ComponentSpec("k1", "logger", "a1.sinks.k1.", Map.of()), "c1"), m.sinks().get("k1"));
    }

    @Test
    void keysWithoutTheAgentPrefixAreAccepted() {
        FlowModel m = FlumeConfigParser.parse("web", null, properties(QUICK_START.replace("a1.", "")));
        assertEquals(List.of(), problems(m.findings()));
        assertEquals("", m.keyPrefix());
        assertEquals("netcat", m.sources().get("r1").component().type());
    }

    @Test
    void aFileWithOneAgentRunsUnderAnyNameAndKeepsItsKeys() {
        FlowModel m = FlumeConfigParser.parse("quickstart", null, properties(QUICK_START));
        assertEquals("quickstart", m.agentName());
        assertEquals("a1.", m.keyPrefix());
        assertEquals(1, m.sources().size());
    }

    @Test
    void aMultiAgentFileNeedsTheAgentNamed() {
        String two = QUICK_START + QUICK_START.replace("a1.", "a2.").replace("44444", "44445");
        FlowModel unnamed = FlumeConfigParser.parse("x", null, properties(two));
        assertTrue(unnamed.agentRefused());
        assertEquals(List.of("flume.agent.name: the configuration holds agents a1, a2; set flume.agent.name to the"
                + " one to run"), problems(unnamed.errors()));
        FlowModel a2 = FlumeConfigParser.parse("x", "a2", properties(two));
        assertEquals(List.of(), problems(a2.findings()));
        assertEquals("44445", a2.sources().get("r1").component().properties().get("port"));
        assertEquals(1, FlumeConfigParser.parse("a1", null, properties(two)).sources().size(),
                "the agent's own name picks its keys");
    }

    @Test
    void environmentSystemAndOwnKeyReferencesAreSubstituted() {
        System.setProperty("millrace.test.port", "4545");
        try {
            assertEquals("4545", parse(QUICK_START.replace("44444", "${sys:millrace.test.port}"))
                    .sources().get("r1").component().properties().get("port"));
        } finally {
            System.clearProperty("millrace.test.port");
        }
        assertEquals("44444", parse(QUICK_START.replace("44444", "${NC_PORT}") + "NC_PORT = 44444\n")
                .sources().get("r1").component().properties().get("port"));
        String path = System.getenv("PATH");
        assertEquals(path, parse(QUICK_START + "a1.channels.c1.note = ${env:PATH}\n").channels().get("c1")
                .properties().get("note"));
        assertEquals("${env:MILLRACE_SURELY_UNSET}", parse(QUICK_START.replace("44444",
                "${env:MILLRACE_SURELY_UNSET}")).sources().get("r1").component().properties().get("port"));
    }

    @Test
    void configFiltersReplaceTheirReferences() {
        FlowModel m = parse(QUICK_START + """
                a1.configfilters = f1 f2
                a1.configfilters.f1.type = env
                a1.configfilters.f2.type = external
                a1.configfilters.f2.command = echo
                a1.channels.c1.fromEnv = ${f1['PATH']}
                a1.channels.c1.fromCommand = pre-${f2["secret"]}-post
                """);
        assertEquals(System.getenv("PATH"), m.channels().get("c1").properties().get("fromEnv"));
        assertEquals("pre-secret-post", m.channels().get("c1").properties().get("fromCommand"));
    }

    @Test
    void anExternalFilterThatNeverAnswersIsKilledAndItsReferenceLeftAsWritten() {
        long started = System.nanoTime();
        FlowModel m = parse(QUICK_START + """
                a1.configfilters = f
                a1.configfilters.f.type = external
                a1.configfilters.f.command = sleep
                a1.configfilters.f.timeout = 1
                a1.channels.c1.secret = ${f['30']}
                """);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 10_000, "the parse waited " + millis + " ms for a command printing nothing");
        assertEquals("${f['30']}", m.channels().get("c1").properties().get("secret"));
    }

    @Test
    void aFilterSettingItCannotTakeIsAWarningNotAFailedParse() {
        FlowModel m = parse(QUICK_START + """
                a1.configfilters = f
                a1.configfilters.f.type = external
                a1.configfilters.f.command = echo
                a1.configfilters.f.charset = klingon
                """);
        assertEquals(List.of("a1.configfilters.f.charset = klingon: not a character set this JVM supports; filter"
                + " ignored"), problems(m.warnings()));
    }

    @Test
    void selectorsAndInterceptorsAreTheSourcesWiring() {
        FlowModel m = parse("""
                a1.sources = r1
                a1.channels = c1 c2 c3
                a1.channels.c1.type = memory
                a1.channels.c2.type = memory
                a1.channels.c3.type = memory
                a1.sources.r1.type = seq
                a1.sources.r1.selector.type = replicating
                a1.sources.r1.channels = c1 c2 c3
                a1.sources.r1.selector.optional = c3
                a1.sources.r1.interceptors = i2 i1
                a1.sources.r1.interceptors.i1.type = org.apache.flume.interceptor.HostInterceptor$Builder
                a1.sources.r1.interceptors.i1.preserveExisting = false
                a1.sources.r1.interceptors.i1.hostHeader = hostname
                a1.sources.r1.interceptors.i2.type = timestamp
                """);
        assertEquals(List.of(), problems(m.findings()));
        SourceSpec r1 = m.sources().get("r1");
        assertEquals(List.of("c1", "c2", "c3"), r1.channels());
        assertEquals(new ComponentSpec("selector", "replicating", "a1.sources.r1.selector.", Map.of("optional", "c3")),
                r1.selector());
        assertEquals(List.of("i2", "i1"), r1.interceptors().stream().map(ComponentSpec::name).toList());
        assertEquals(Map.of("preserveExisting", "false", "hostHeader", "hostname"), r1.interceptors().get(1).properties());
        assertEquals("a1.sources.r1.interceptors.i1.", r1.interceptors().get(1).keyPrefix());
        assertEquals(Map.of(), r1.component().properties(), "wiring keys are not the source's own properties");
    }

    @Test
    void sinkGroupsTakeTheirSinksAndProcessorProperties() {
        FlowModel m = parse(QUICK_START + """
                a1.sinks = k1 k2
                a1.sinks.k2.type = null
                a1.sinks.k2.channel = c1
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = k1 k2
                a1.sinkgroups.g1.processor.type = failover
                a1.sinkgroups.g1.processor.priority.k1 = 5
                a1.sinkgroups.g1.processor.priority.k2 = 10
                a1.sinkgroups.g1.processor.maxpenalty = 10000
                """);
        assertEquals(List.of(), problems(m.findings()));
        SinkGroupSpec g1 = m.sinkGroups().get("g1");
        assertEquals(List.of("k1", "k2"), g1.sinks());
        assertEquals("failover", g1.processor().type());
        assertEquals(Map.of("priority.k1", "5", "priority.k2", "10", "maxpenalty", "10000"), g1.processor().properties());
        assertEquals(g1, m.groupOf("k2").orElseThrow());
    }

    @Test
    void eachMistakeIsOneErrorNamingKeyValueAndReason() {
        FlowModel m = parse("""
                a1.sources = r1 r2 r3
                a1.channels = c1 c2
                a1.sinks = k1 k2 k3
                a1.sinkgroups = g1 g2
                a1.channels.c1.type = memory
                a1.channels.c2.capacity = 10
                a1.sources.r1.type = netcat
                a1.sources.r1.channels = c1 c9
                a1.sources.r2.type = seq
                a1.sources.r2.channels = c2
                a1.sources.r3.channels = c1
                a1.sinks.k1.type = logger
                a1.sinks.k2.type = logger
                a1.sinks.k2.channels = c1
                a1.sinks.k3.type = null
                a1.sinks.k3.channel = c1
                a1.sinkgroups.g1.sinks = k1 k3
                a1.sinkgroups.g2.sinks = k3 k4
                """);
        assertEquals(List.of(
                "a1.channels.c2.type: required: every channel needs a type",
                "a1.sources.r1.channels = c1 c9: channel 'c9' is not declared in a1.channels",
                "a1.sources.r2.channels = c2: channel 'c2' is refused (see its errors)",
                "a1.sources.r3.type: required: every source needs a type",
                "a1.sinks.k1.channel: required: a sink must name the one channel it drains",
                "a1.sinks.k2.channel: required: a sink must name the one channel it drains (sinks take 'channel',"
                        + " not 'channels')",
                "a1.sinkgroups.g2.sinks = k3 k4: sink 'k3' already belongs to sink group 'g1'; a sink can be in one"
                        + " group only",
                "a1.sinkgroups.g2.sinks = k3 k4: sink 'k4' is not declared in a1.sinks"), problems(m.errors()));
        assertTrue(m.refusal(ComponentKind.SOURCE, "r1").isPresent());
        assertTrue(m.refusal(ComponentKind.CHANNEL, "c1").isEmpty(), "the rest of the flow may run");
        assertTrue(m.refusal(ComponentKind.SINK, "k3").isEmpty());
        assertFalse(m.agentRefused());
    }

    @Test
    void ignoredKeysAreWarnedAboutLikeFlumeIgnoresThem() {
        FlowModel m = parse(QUICK_START + """
                a1.sources.ri.port = 4141
                a1.sinks.k1.batchSize =
                a1.sources = r1 r1
                a1.bogus.key = 1
                a1.sources.r1.interceptors.i9.type = host
                """);
        assertEquals(List.of(), problems(m.errors()));
        assertEquals(List.of(
                "a1.bogus.key = 1: not a Flume agent key (expected sources, channels, sinks, sinkgroups or"
                        + " configfilters after the agent name); ignored",
                "a1.sinks.k1.batchSize: empty value; the key is ignored",
                "a1.sources = r1 r1: 'r1' is listed twice; counted once",
                "a1.sources.r1.interceptors.i9.type = host: interceptor 'i9' is not listed in"
                        + " a1.sources.r1.interceptors; ignored",
                "a1.sources.ri.port = 4141: 'ri' is not listed in a1.sources; its properties are ignored"),
                problems(m.warnings()).stream().sorted().toList());
    }

    @Test
    void anAgentWithoutChannelsOrWithoutSourcesAndSinksIsRefused() {
        FlowModel noChannels = parse("a1.sources = r1\na1.sources.r1.type = seq\na1.sources.r1.channels = c1\n");
        assertTrue(noChannels.agentRefused());
        assertEquals(List.of("a1.sources.r1.channels = c1: channel 'c1' is not declared in a1.channels",
                "a1.channels: the agent declares no channel"), problems(noChannels.errors()));
        FlowModel noEnds = parse("a1.channels = c1\na1.channels.c1.type = memory\n");
        assertTrue(noEnds.agentRefused());
        assertEquals(List.of("a1.sources: the agent declares no source and no sink"), problems(noEnds.errors()));
    }

    @Test
    void aFlumeFileLoadsWithPropertiesSemantics(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("example.conf");
        Files.writeString(file, QUICK_START + "a1.channels.c1.note = a \\\n  b # not a comment\n");
        FlowModel m = FlumeConfigParser.parse("a1", null, FlumeConfigParser.load(file));
        assertEquals(List.of(), problems(m.findings()));
        assertEquals("a b # not a comment", m.channels().get("c1").properties().get("note"));
    }

    @Test
    void configAdminAndFileinstallKeysAreNotFlumeKeys() {
        Map<String, Object> raw = new LinkedHashMap<>(properties(QUICK_START));
        raw.put("service.pid", "org.millrace.agent~a1");
        raw.put("felix.fileinstall.filename", "file:/opt/etc/org.millrace.agent-a1.cfg");
        raw.put("component.id", 7L);
        FlowModel m = FlumeConfigParser.parse("a1", null, raw);
        assertEquals(List.of(), problems(m.findings()));
    }
}

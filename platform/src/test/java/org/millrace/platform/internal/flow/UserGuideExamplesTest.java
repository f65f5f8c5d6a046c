package org.millrace.platform.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of Flume's 1.11 user guide that uses a type Millrace implements, verbatim: each parses without a
 * single ignored key, and every type it names ends up on the component it configures. The guide's snippets are
 * fragments (they declare a channel without configuring it), so missing-declaration errors are expected; any
 * other error is not.
 */
class UserGuideExamplesTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("quick start", FlumeConfigParserTest.QUICK_START),
                Arguments.of("environment variable", """
                        a1.sources = r1
                        a1.sources.r1.type = netcat
                        a1.sources.r1.bind = 0.0.0.0
                        a1.sources.r1.port = ${env:NC_PORT}
                        a1.sources.r1.channels = c1
                        """),
                Arguments.of("system property", """
                        a1.sources = r1
                        a1.sources.r1.type = netcat
                        a1.sources.r1.bind = 0.0.0.0
                        a1.sources.r1.port = ${sys:NC_PORT}
                        a1.sources.r1.channels = c1
                        """),
                Arguments.of("netcat source", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.sources.r1.type = netcat
                        a1.sources.r1.bind = 0.0.0.0
                        a1.sources.r1.port = 6666
                        a1.sources.r1.channels = c1
                        """),
                Arguments.of("seq source", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.sources.r1.type = seq
                        a1.sources.r1.channels = c1
                        """),
                Arguments.of("logger sink", """
                        a1.channels = c1
                        a1.sinks = k1
                        a1.sinks.k1.type = logger
                        a1.sinks.k1.channel = c1
                        """),
                Arguments.of("null sink", """
                        a1.channels = c1
                        a1.sinks = k1
                        a1.sinks.k1.type = null
                        a1.sinks.k1.channel = c1
                        """),
                Arguments.of("memory channel", """
                        a1.channels = c1
                        a1.channels.c1.type = memory
                        a1.channels.c1.capacity = 10000
                        a1.channels.c1.transactionCapacity = 10000
                        a1.channels.c1.byteCapacityBufferPercentage = 20
                        a1.channels.c1.byteCapacity = 800000
                        """),
                Arguments.of("replicating selector", """
                        a1.sources = r1
                        a1.channels = c1 c2 c3
                        a1.sources.r1.selector.type = replicating
                        a1.sources.r1.channels = c1 c2 c3
                        a1.sources.r1.selector.optional = c3
                        """),
                Arguments.of("load balancing sink processor", """
                        a1.sinkgroups = g1
                        a1.sinkgroups.g1.sinks = k1 k2
                        a1.sinkgroups.g1.processor.type = load_balance
                        """),
                Arguments.of("failover sink processor", """
                        a1.sinkgroups = g1
                        a1.sinkgroups.g1.sinks = k1 k2
                        a1.sinkgroups.g1.processor.type = failover
                        a1.sinkgroups.g1.processor.priority.k1 = 5
                        a1.sinkgroups.g1.processor.priority.k2 = 10
                        a1.sinkgroups.g1.processor.maxpenalty = 10000
                        """),
                Arguments.of("interceptors by class name", """
                        a1.sources = r1
                        a1.sinks = k1
                        a1.channels = c1
                        a1.sources.r1.interceptors = i1 i2
                        a1.sources.r1.interceptors.i1.type = org.apache.flume.interceptor.HostInterceptor$Builder
                        a1.sources.r1.interceptors.i1.preserveExisting = false
                        a1.sources.r1.interceptors.i1.hostHeader = hostname
                        a1.sources.r1.interceptors.i2.type = org.apache.flume.interceptor.TimestampInterceptor$Builder
                        a1.sinks.k1.filePrefix = FlumeData.%{CollectorHost}.%Y-%m-%d
                        a1.sinks.k1.channel = c1
                        """),
                Arguments.of("timestamp interceptor", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.sources.r1.channels =  c1
                        a1.sources.r1.type = seq
                        a1.sources.r1.interceptors = i1
                        a1.sources.r1.interceptors.i1.type = timestamp
                        """),
                Arguments.of("host interceptor", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.sources.r1.interceptors = i1
                        a1.sources.r1.interceptors.i1.type = host
                        """),
                Arguments.of("static interceptor", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.sources.r1.channels =  c1
                        a1.sources.r1.type = seq
                        a1.sources.r1.interceptors = i1
                        a1.sources.r1.interceptors.i1.type = static
                        a1.sources.r1.interceptors.i1.key = datacenter
                        a1.sources.r1.interceptors.i1.value = NEW_YORK
                        """),
                Arguments.of("env config filter", """
                        a1.sources = r1
                        a1.channels = c1
                        a1.configfilters = f1

                        a1.configfilters.f1.type = env

                        a1.sources.r1.channels =  c1
                        a1.sources.r1.type = http
                        a1.sources.r1.keystorePassword = ${f1['my_keystore_password']} #will get the value Secret123
                        """));
    }

    /** Errors a fragment of the guide earns for what it leaves out, not for what it says. */
    private static final Pattern FRAGMENT = Pattern.compile(".*(required: every \\w+( \\w+)? needs a type"
            + "|required: a source must name the channels it writes to"
            + "|channel '\\w+' is (refused|not declared).*"
            + "|sink '\\w+' is not declared.*"
            + "|the agent declares no (channel|source and no sink))");

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesWithoutIgnoringAKeyAndKeepsEveryType(String name, String text) {
        FlowModel m = FlumeConfigParserTest.parse(text);
        assertEquals(List.of(), FlumeConfigParserTest.problems(m.warnings()), "no key of the example is ignored");
        m.errors().forEach(e -> assertTrue(FRAGMENT.matcher(e.toString()).matches(), "unexpected error: " + e));
        Map<String, String> properties = FlumeConfigParserTest.properties(text);
        properties.forEach((key, value) -> {
            if (key.endsWith(".type")) {
                assertEquals(value, typeAt(m, key), key);
            }
        });
    }

    /** The type the model holds for a {@code ...type} key of the file. */
    private static String typeAt(FlowModel m, String key) {
        List<String> parts = new ArrayList<>(List.of(key.split("\\.")));
        Matcher interceptor = Pattern.compile("a1\\.sources\\.(\\w+)\\.interceptors\\.(\\w+)\\.type").matcher(key);
        if (interceptor.matches()) {
            return m.sources().get(interceptor.group(1)).interceptors().stream()
                    .filter(i -> i.name().equals(interceptor.group(2))).findFirst().orElseThrow().type();
        }
        String section = parts.get(1);
        String name = parts.get(2);
        String sub = parts.size() > 4 ? parts.get(3) : "";
        return switch (section) {
            case "sources" -> sub.equals("selector") ? m.sources().get(name).selector().type()
                    : m.sources().get(name).component().type();
            case "channels" -> m.channels().get(name).type();
            case "sinks" -> m.sinks().get(name).component().type();
            case "sinkgroups" -> m.sinkGroups().get(name).processor().type();
            case "configfilters" -> "env";
            default -> throw new AssertionError(key);
        };
    }
}

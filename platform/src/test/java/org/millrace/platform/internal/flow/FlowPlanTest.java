package org.millrace.platform.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowPlanTest {
    private static final FlowModel QUICK_START = FlumeConfigParserTest.parse(FlumeConfigParserTest.QUICK_START);

    private static List<String> plan(String next) {
        return FlowPlan.between(QUICK_START, FlumeConfigParserTest.parse(next)).describe();
    }

    @Test
    void anUnchangedConfigurationKeepsEverything() {
        assertEquals(List.of("keep source r1", "keep channel c1", "keep sink k1"),
                plan(FlumeConfigParserTest.QUICK_START));
    }

    @Test
    void aSinkPropertyReplacesOnlyTheSink() {
        assertEquals(List.of("replace sink k1: maxBytesToLog (unset) -> 32", "keep source r1", "keep channel c1"),
                plan(FlumeConfigParserTest.QUICK_START + "a1.sinks.k1.maxBytesToLog = 32\n"));
    }

    @Test
    void channelSettingsAreReconfiguredAndANewTypeReplacesTheChannel() {
        assertEquals(List.of("reconfigure channel c1: capacity 1000 -> 5000", "keep source r1", "keep sink k1"),
                plan(FlumeConfigParserTest.QUICK_START.replace("capacity = 1000", "capacity = 5000")));
        assertEquals("replace channel c1: type memory -> file, committed events carried over",
                plan(FlumeConfigParserTest.QUICK_START.replace("type = memory", "type = file")).get(0));
    }

    @Test
    void interceptorsAndChannelsRewireTheSourceWithoutReplacingIt() {
        assertEquals(List.of("rewire source r1: interceptors [ts(timestamp)]", "keep channel c1", "keep sink k1"),
                plan(FlumeConfigParserTest.QUICK_START + """
                        a1.sources.r1.interceptors = ts
                        a1.sources.r1.interceptors.ts.type = timestamp
                        """));
    }

    @Test
    void addedAndRemovedComponentsStartAndStop() {
        assertEquals(List.of("start channel c2", "start sink k2", "keep source r1", "keep channel c1", "keep sink k1"),
                plan(FlumeConfigParserTest.QUICK_START + """
                        a1.channels = c1 c2
                        a1.sinks = k1 k2
                        a1.channels.c2.type = memory
                        a1.sinks.k2.type = null
                        a1.sinks.k2.channel = c2
                        """));
        assertEquals(List.of("rewire source r1: channels [c2]", "stop channel c1", "start channel c2",
                "stop sink k1", "start sink k2"),
                plan("""
                        a1.sources = r1
                        a1.channels = c2
                        a1.sinks = k2
                        a1.sources.r1.type = netcat
                        a1.sources.r1.bind = localhost
                        a1.sources.r1.port = 44444
                        a1.sources.r1.channels = c2
                        a1.channels.c2.type = memory
                        a1.sinks.k2.type = logger
                        a1.sinks.k2.channel = c2
                        """));
    }
}

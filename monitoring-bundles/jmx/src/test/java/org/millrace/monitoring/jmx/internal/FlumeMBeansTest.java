package org.millrace.monitoring.jmx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.millrace.platform.testkit.StaticAgents.agent;
import static org.millrace.platform.testkit.StaticAgents.running;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.testkit.StaticAgents;

class FlumeMBeansTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final StaticAgents agents = new StaticAgents();
    private final FlumeMBeans beans = new FlumeMBeans();

    FlumeMBeansTest() {
        beans.agents = agents;
    }

    @AfterEach
    void unregisterAll() {
        agents.set();
        beans.sync();
    }

    private static Map<String, Object> source(long received) {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("EventReceivedCount", received);
        counters.put("StartTime", 1_700_000_000_000L);
        counters.put("Type", "SOURCE");
        return counters;
    }

    @Test
    void componentsAreMBeansUnderFlumesNamesWithLiveAttributes() throws Exception {
        agents.set(agent("a1", running(ComponentKind.SOURCE, "r1", "netcat", source(5)),
                running(ComponentKind.CHANNEL, "c1", "memory", Map.of("ChannelFillPercentage", 12.5, "Type", "CHANNEL"))));
        beans.sync();
        ObjectName r1 = new ObjectName("org.apache.flume.source:type=r1");
        assertEquals(5L, server.getAttribute(r1, "EventReceivedCount"));
        assertEquals("SOURCE", server.getAttribute(r1, "Type"));
        assertEquals(12.5, server.getAttribute(new ObjectName("org.apache.flume.channel:type=c1"),
                "ChannelFillPercentage"));
        assertEquals("long", Arrays.stream(server.getMBeanInfo(r1).getAttributes())
                .filter(a -> a.getName().equals("EventReceivedCount")).findFirst().orElseThrow().getType());

        agents.set(agent("a1", running(ComponentKind.SOURCE, "r1", "netcat", source(9))));
        assertEquals(9L, server.getAttribute(r1, "EventReceivedCount"), "read when asked, not when registered");
        beans.sync();
        assertFalse(server.isRegistered(new ObjectName("org.apache.flume.channel:type=c1")), "a removed channel");
    }

    @Test
    void twoAgentsWithTheSameComponentNameGetTheAgentInTheName() throws Exception {
        agents.set(agent("a1", running(ComponentKind.SOURCE, "r1", "netcat", source(1))));
        beans.sync();
        assertTrue(server.isRegistered(new ObjectName("org.apache.flume.source:type=r1")));

        agents.set(agent("a1", running(ComponentKind.SOURCE, "r1", "netcat", source(1))),
                agent("a2", running(ComponentKind.SOURCE, "r1", "avro", source(2))));
        beans.sync();
        assertFalse(server.isRegistered(new ObjectName("org.apache.flume.source:type=r1")));
        assertEquals(1L, server.getAttribute(new ObjectName("org.apache.flume.source:type=a1.r1"),
                "EventReceivedCount"));
        assertEquals(2L, server.getAttribute(new ObjectName("org.apache.flume.source:type=a2.r1"),
                "EventReceivedCount"));
    }

    @Test
    void componentsThatNeverStartedAndSinkGroupsHaveNoMBean() throws Exception {
        agents.set(agent("a1", running(ComponentKind.SINK, "k1", "avro", Map.of()),
                running(ComponentKind.SINK_GROUP, "g1", "failover", Map.of())));
        beans.sync();
        assertTrue(server.queryNames(new ObjectName("org.apache.flume.*:*"), null).isEmpty());
    }

    @Test
    void namesJmxCannotTakeAreQuoted() {
        assertEquals("org.apache.flume.sink:type=\"k,1\"", FlumeMBeans.objectName(ComponentKind.SINK, "k,1")
                .toString());
    }
}

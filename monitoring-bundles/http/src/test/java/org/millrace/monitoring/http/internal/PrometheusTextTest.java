package org.millrace.monitoring.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;

class PrometheusTextTest {

    private static List<AgentStatus> flow() {
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("EventPutSuccessCount", 7L);
        channel.put("ChannelSize", 3L);
        channel.put("ChannelCapacity", 100L);
        channel.put("ChannelFillPercentage", 3.0);
        channel.put("StartTime", 1_700_000_000_500L);
        channel.put("Type", "CHANNEL");
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("EventReceivedCount", 12L);
        source.put("EventReadFail", 1L);
        source.put("OpenConnectionCount", 2L);
        source.put("interceptor.i1.EventDroppedCount", 4L);
        return List.of(new AgentStatus("a\"1", 2, List.of(
                new ComponentStatus(ComponentKind.SOURCE, "r1", "netcat", ComponentState.RUNNING, null, 1, 2, source,
                        Set.of("OpenConnectionCount")),
                new ComponentStatus(ComponentKind.CHANNEL, "c1", "memory", ComponentState.RUNNING, null, 1, 2, channel,
                        Set.of("ChannelSize", "ChannelCapacity", "ChannelFillPercentage", "StartTime")),
                new ComponentStatus(ComponentKind.SINK_GROUP, "g1", "failover", ComponentState.FAILED, "no sinks", 0, 2,
                        Map.of(), Set.of())), List.of("sinks.k9.type: missing"), List.of()));
    }

    @Test
    void countersGaugesAndTimesGetPrometheusNamesTypesAndLabels() {
        String text = PrometheusText.of(flow(), false);
        String source = "{agent=\"a\\\"1\",component=\"r1\",kind=\"source\",type=\"netcat\"}";
        String channel = "{agent=\"a\\\"1\",component=\"c1\",kind=\"channel\",type=\"memory\"}";
        assertTrue(text.contains("# TYPE millrace_source_event_received_total counter\n"
                + "millrace_source_event_received_total" + source + " 12\n"), text);
        assertTrue(text.contains("millrace_source_event_read_fail_total" + source + " 1\n"), text);
        assertTrue(text.contains("# TYPE millrace_source_open_connection_count gauge\n"
                + "millrace_source_open_connection_count" + source + " 2\n"), text);
        assertTrue(text.contains("# TYPE millrace_channel_size gauge\nmillrace_channel_size" + channel + " 3\n"), text);
        assertTrue(text.contains("millrace_channel_fill_percentage" + channel + " 3\n"), text);
        assertTrue(text.contains("millrace_channel_start_time_seconds" + channel + " 1700000000.5\n"), text);
        assertTrue(text.contains("millrace_interceptor_event_dropped_total{agent=\"a\\\"1\",component=\"i1\","
                + "kind=\"interceptor\",source=\"r1\"} 4\n"), text);
        assertTrue(text.contains("millrace_component_state{agent=\"a\\\"1\",component=\"g1\",kind=\"sinkgroup\","
                + "type=\"failover\",state=\"FAILED\"} 1\n"), text);
        assertTrue(text.contains("millrace_agent_configuration_errors{agent=\"a\\\"1\"} 1\n"), text);
        assertFalse(text.contains("Type"), "the Type attribute is a label's business");
        assertFalse(text.contains("# EOF"));
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalAndEnds() {
        String text = PrometheusText.of(flow(), true);
        assertTrue(text.contains("# TYPE millrace_source_event_received counter\n"
                + "millrace_source_event_received_total{"), text);
        assertTrue(text.endsWith("# EOF\n"));
    }

    @Test
    void namesBecomeSnakeCase() {
        assertEquals("event_received_count", PrometheusText.snake("EventReceivedCount"));
        assertEquals("lines_truncated_count", PrometheusText.snake("LinesTruncatedCount"));
        assertEquals("kafka_event_get_timer", PrometheusText.snake("KafkaEventGetTimer"));
        assertEquals("a_b", PrometheusText.snake("a.b"));
    }
}

package org.millrace.platform.internal.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;

class TopViewTest {

    private static AgentStatus agent(long received, long taken, long size, long sourceStart, String error) {
        return new AgentStatus("a1", 3, List.of(
                new ComponentStatus(ComponentKind.SOURCE, "r1", "netcat", ComponentState.RUNNING, null, sourceStart, 3,
                        Map.of("EventReceivedCount", received, "EventAcceptedCount", received), Set.of()),
                new ComponentStatus(ComponentKind.CHANNEL, "c1", "memory", ComponentState.RUNNING, null, 1000, 3,
                        Map.of("EventPutSuccessCount", received, "EventTakeSuccessCount", taken,
                                "ChannelFillPercentage", size * 100.0 / 1000), Set.of("ChannelFillPercentage")),
                new ComponentStatus(ComponentKind.SINK, "k1", "avro", ComponentState.FAILED, "connection refused", 0,
                        3, Map.of(), Set.of())), error == null ? List.of() : List.of(error), List.of());
    }

    @Test
    void ratesAreTheDifferenceOverTheSecondsBetweenReadings() {
        String frame = TopView.frame(List.of(agent(1_000, 500, 0, 1000, null)),
                List.of(agent(5_000, 2_500, 250, 1000, "sinks.k2.type: missing")), 2.0);
        assertTrue(frame.matches("(?s).*r1 +\\| netcat +\\| +2,000 \\| +2,000 \\| +5,000.*"), frame);
        assertTrue(frame.matches("(?s).*c1 +\\| memory +\\| +2,000 \\| +1,000 \\| +2,500 \\| +25.0% \\| RUNNING.*"),
                frame);
        assertTrue(frame.contains("FAILED: connection refused"), frame);
        assertTrue(frame.contains("a1 ERROR sinks.k2.type: missing"), frame);
    }

    @Test
    void aComponentRestartedBetweenReadingsShowsNoRate() {
        String frame = TopView.frame(List.of(agent(1_000, 0, 0, 1000, null)), List.of(agent(10, 0, 0, 2000, null)),
                1.0);
        assertTrue(frame.matches("(?s).*r1 +\\| netcat +\\| +- \\| +- \\|.*"), frame);
    }
}

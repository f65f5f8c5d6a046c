package org.millrace.platform;

import java.util.Map;
import java.util.Set;

/**
 * One component of a running agent.
 *
 * @param kind source, channel, sink or sink group
 * @param name its name in the configuration
 * @param type its configured type
 * @param state where it stands
 * @param reason why it is not running, or {@code null}
 * @param startTime epoch ms when the running instance started, 0 if none; unchanged while a reload leaves it alone
 * @param generation the configuration generation the running instance was built from
 * @param counters Flume-named counters (e.g. EventReceivedCount); empty for sink groups
 * @param gauges the names among {@code counters} that are levels (e.g. ChannelSize) rather than running totals
 */
public record ComponentStatus(ComponentKind kind, String name, String type, ComponentState state, String reason,
        long startTime, long generation, Map<String, Object> counters, Set<String> gauges) {

    /** Events that came in: a source's received, a channel's committed puts, a sink's taken; 0 for a sink group. */
    public long eventsIn() {
        return count(switch (kind) {
            case SOURCE -> "EventReceivedCount";
            case CHANNEL -> "EventPutSuccessCount";
            case SINK -> "EventDrainAttemptCount";
            case SINK_GROUP -> "";
        });
    }

    /** Events that went on: a source's committed to channels, a channel's committed takes, a sink's delivered. */
    public long eventsOut() {
        return count(switch (kind) {
            case SOURCE -> "EventAcceptedCount";
            case CHANNEL -> "EventTakeSuccessCount";
            case SINK -> "EventDrainSuccessCount";
            case SINK_GROUP -> "";
        });
    }

    /** A channel's fill in percent of its capacity, or -1 if it has no bound or is not a channel. */
    public double fillPercentage() {
        Object fill = counters.get("ChannelFillPercentage");
        return fill instanceof Double d && d != Double.MAX_VALUE ? d : -1;
    }

    private long count(String name) {
        return counters.get(name) instanceof Long n ? n : 0;
    }
}

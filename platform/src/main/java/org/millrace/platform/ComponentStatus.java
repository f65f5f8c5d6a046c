package org.millrace.platform;

import java.util.Map;

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
 */
public record ComponentStatus(ComponentKind kind, String name, String type, ComponentState state, String reason,
        long startTime, long generation, Map<String, Object> counters) {
}

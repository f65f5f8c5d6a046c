package org.millrace.platform.internal.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.millrace.api.ComponentCounter;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentStatus;

/**
 * What an agent publishes after each change: an immutable picture of its components, taken on its control
 * thread. Callers on other threads read only this, and the components' counters (thread-safe) through it.
 */
final class StatusBoard {
    /**
     * One component as published.
     *
     * @param counter its counters, or {@code null} if it never started
     * @param processor for a source, where its interceptors' drop counts are read; else {@code null}
     */
    record Entry(ComponentStatus status, ComponentCounter<?> counter, FlowChannelProcessor processor) {
    }

    private final String agent;
    private final long generation;
    private final List<Entry> entries;
    private final List<String> errors;
    private final List<String> warnings;

    StatusBoard(String agent, long generation, List<Entry> entries, List<String> errors, List<String> warnings) {
        this.agent = agent;
        this.generation = generation;
        this.entries = List.copyOf(entries);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /** The agent's status with its counters as they are now. */
    AgentStatus read() {
        return new AgentStatus(agent, generation, entries.stream().map(StatusBoard::withCounters).toList(), errors,
                warnings);
    }

    private static ComponentStatus withCounters(Entry e) {
        ComponentStatus s = e.status();
        Map<String, Object> counters = new LinkedHashMap<>();
        if (e.counter() != null) {
            counters.putAll(e.counter().attributes());
        }
        Route route = e.processor() == null ? null : e.processor().route();
        if (route != null) {
            route.droppedByInterceptor().forEach((i, d) -> counters.put("interceptor." + i + ".EventDroppedCount", d));
        }
        return new ComponentStatus(s.kind(), s.name(), s.type(), s.state(), s.reason(), s.startTime(), s.generation(),
                counters, e.counter() == null ? Set.of() : e.counter().gauges());
    }
}

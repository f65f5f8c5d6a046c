package org.millrace.sink.processors.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkProcessor;
import org.millrace.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover state machine. Runs on the group's one runner thread only. A parked sink is retried once its
 * penalty has passed: if it works (delivers or finds the channel empty) it is live again, and as the higher
 * priority it takes over; if it fails again its penalty doubles, up to maxpenalty.
 */
final class FailoverProcessor implements SinkProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverProcessor.class);
    private static final long FAILURE_PENALTY_MILLIS = 1000;

    private record Parked(String name, long retryAt, int failures) {
    }

    private final String label;
    private final Map<String, Sink> sinks;
    private final Map<String, Integer> priorities;
    private final int maxPenalty;
    /** Live sinks by priority; the last is active. */
    private final TreeMap<Integer, String> live = new TreeMap<>();
    private final PriorityQueue<Parked> parked = new PriorityQueue<>(Comparator.comparingLong(Parked::retryAt));

    FailoverProcessor(String label, Map<String, Sink> sinks, Map<String, Integer> priorities, int maxPenalty) {
        this.label = label;
        this.sinks = sinks;
        this.priorities = priorities;
        this.maxPenalty = maxPenalty;
        priorities.forEach((sink, priority) -> live.put(priority, sink));
    }

    @Override
    public Status process() throws EventDeliveryException {
        long now = System.currentTimeMillis();
        while (!parked.isEmpty() && parked.peek().retryAt() <= now) {
            Parked retry = parked.poll();
            try {
                Status status = sinks.get(retry.name()).process();
                live.put(priorities.get(retry.name()), retry.name());
                LOG.info("[{}] sink {} works again", label, retry.name());
                return status;
            } catch (Exception e) {
                park(retry.name(), retry.failures() + 1, now);
            }
        }
        while (!live.isEmpty()) {
            String active = live.lastEntry().getValue();
            try {
                return sinks.get(active).process();
            } catch (Exception e) {
                live.pollLastEntry();
                park(active, 1, System.currentTimeMillis());
                LOG.warn("[{}] sink {} failed, failing over{}: {}", label, active,
                        live.isEmpty() ? " (no sink left)" : " to " + live.lastEntry().getValue(), e.getMessage());
            }
        }
        throw new EventDeliveryException("[" + label + "] All sinks failed to process, nothing left to failover to");
    }

    private void park(String sink, int failures, long now) {
        long penalty = Math.min(maxPenalty, FAILURE_PENALTY_MILLIS << Math.min(failures, 30));
        parked.add(new Parked(sink, now + penalty, failures));
    }

    /** Live sinks, highest priority first (for tests and status). */
    List<String> live() {
        return live.descendingMap().values().stream().toList();
    }
}

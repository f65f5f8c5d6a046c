package org.millrace.sink.processors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.millrace.sink.processors.SinkSelector;

/**
 * Flume's round_robin and random selectors. With back-off, a sink that failed is left out for
 * {@code min(maxTimeOut, 2^n s)} after its n-th failure in a row (a failure long after the last one starts
 * again at n = 1), as Flume's OrderSelector does.
 */
final class OrderSelector implements SinkSelector {
    private static final long CONSIDER_SEQUENTIAL_MILLIS = 2000;
    private static final int MAX_EXPONENT = 16;

    private final List<String> sinks;
    private final boolean random;
    private final boolean backoff;
    private final long maxTimeOut;
    /** Index of the sink whose turn it is; a turn passes only when a sink delivers, not on an idle round. */
    private int next;
    private final long[] restoreAt;
    private final long[] lastFail;
    private final int[] sequentialFails;

    OrderSelector(List<String> sinks, boolean random, boolean backoff, long maxTimeOut) {
        this.sinks = List.copyOf(sinks);
        this.random = random;
        this.backoff = backoff;
        this.maxTimeOut = maxTimeOut;
        this.restoreAt = new long[sinks.size()];
        this.lastFail = new long[sinks.size()];
        this.sequentialFails = new int[sinks.size()];
    }

    @Override
    public synchronized List<String> order() {
        long now = System.currentTimeMillis();
        List<String> active = new ArrayList<>(sinks.size());
        for (int i = 0; i < sinks.size(); i++) {
            if (!backoff || restoreAt[i] < now) {
                active.add(sinks.get(i));
            }
        }
        if (active.isEmpty()) {
            return active;
        }
        List<String> out = new ArrayList<>(active.size());
        if (random) {
            int first = ThreadLocalRandom.current().nextInt(active.size());
            for (int i = 0; i < active.size(); i++) {
                out.add(active.get((first + i) % active.size()));
            }
        } else {
            // the sink whose turn it is first, then the ones after it in configured order
            for (int i = 0; i < sinks.size(); i++) {
                String candidate = sinks.get((next + i) % sinks.size());
                if (active.contains(candidate)) {
                    out.add(candidate);
                }
            }
        }
        if (random) {
            java.util.Collections.shuffle(out.subList(1, out.size()));
        }
        return out;
    }

    @Override
    public synchronized void delivered(String sink) {
        int i = sinks.indexOf(sink);
        if (i >= 0) {
            next = (i + 1) % sinks.size();
        }
    }

    @Override
    public synchronized void failed(String sink) {
        int i = sinks.indexOf(sink);
        if (!backoff || i < 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long lastBackoff = Math.min(maxTimeOut, 1000L << Math.min(sequentialFails[i], MAX_EXPONENT));
        if (now - lastFail[i] < lastBackoff + CONSIDER_SEQUENTIAL_MILLIS) {
            sequentialFails[i] = Math.min(sequentialFails[i] + 1, MAX_EXPONENT);
        } else {
            sequentialFails[i] = 1;
        }
        lastFail[i] = now;
        restoreAt[i] = now + Math.min(maxTimeOut, 1000L << sequentialFails[i]);
    }
}

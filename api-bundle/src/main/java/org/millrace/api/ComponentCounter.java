package org.millrace.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one component, named by Flume's MBean attribute names so existing dashboards read them.
 * Thread-safe; an increment is cheap enough for hot paths.
 *
 * @param <A> the enum of counter names; its constants are spelled exactly as Flume's attributes
 */
public abstract class ComponentCounter<A extends Enum<A>> {
    private final String type;
    private final A[] names;
    private final LongAdder[] values;
    private volatile long startTime;
    private volatile long stopTime;

    /**
     * @param type Flume's counter type: {@code SOURCE}, {@code CHANNEL} or {@code SINK}
     * @param names the counter names
     */
    protected ComponentCounter(String type, Class<A> names) {
        this.type = type;
        this.names = names.getEnumConstants();
        this.values = new LongAdder[this.names.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = new LongAdder();
        }
    }

    /** Adds one. */
    public void increment(A counter) {
        values[counter.ordinal()].increment();
    }

    /** Adds {@code n}. */
    public void add(A counter, long n) {
        values[counter.ordinal()].add(n);
    }

    /** The current value. */
    public long get(A counter) {
        return values[counter.ordinal()].sum();
    }

    /** Records the start time (and clears the stop time); called by the platform. */
    public void start() {
        stopTime = 0;
        startTime = System.currentTimeMillis();
    }

    /** Records the stop time; called by the platform. */
    public void stop() {
        stopTime = System.currentTimeMillis();
    }

    /** Epoch milliseconds of the last start, 0 if never started. */
    public long getStartTime() {
        return startTime;
    }

    /** Epoch milliseconds of the last stop, 0 while running. */
    public long getStopTime() {
        return stopTime;
    }

    /** Every attribute by its Flume name, e.g. {@code EventReceivedCount}, then StartTime, StopTime and Type. */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (A name : names) {
            out.put(name.name(), get(name));
        }
        addGauges(out);
        out.put("StartTime", startTime);
        out.put("StopTime", stopTime);
        out.put("Type", type);
        return out;
    }

    /** Adds attributes that are not counts (e.g. a channel's size); none by default. */
    protected void addGauges(Map<String, Object> out) {
    }
}

package org.millrace.api;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one component, named by Flume's MBean attribute names so existing dashboards read them, plus any
 * the connector adds of its own ({@link #counter(String)}, {@link #gauge(String, LongSupplier)}), published with
 * them. Thread-safe; an increment is cheap enough for hot paths.
 *
 * @param <A> the enum of Flume's counter names; its constants are spelled exactly as Flume's attributes
 */
public abstract class ComponentCounter<A extends Enum<A>> {
    private final String type;
    private final A[] names;
    private final LongAdder[] values;
    /** The connector's own counters and gauges, in the order added; replaced whole when one is added. */
    private volatile Map<String, Object> own = Map.of();
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

    /**
     * A counter of the connector's own (e.g. {@code LinesTruncatedCount}), published after Flume's under this
     * name; the same name gives the same counter. Keep the adder rather than asking again on a hot path.
     *
     * @throws IllegalArgumentException if the name is one of Flume's or a gauge's
     */
    public synchronized LongAdder counter(String name) {
        Object existing = own.get(name);
        if (existing instanceof LongAdder adder) {
            return adder;
        }
        LongAdder adder = new LongAdder();
        addOwn(name, adder);
        return adder;
    }

    /**
     * A value of the connector's own that is read when published (e.g. open files), under this name.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized void gauge(String name, LongSupplier value) {
        addOwn(name, value);
    }

    private void addOwn(String name, Object metric) {
        for (A standard : names) {
            if (standard.name().equals(name)) {
                throw new IllegalArgumentException(name + " is one of Flume's counters");
            }
        }
        if (own.containsKey(name) || name.equals("StartTime") || name.equals("StopTime") || name.equals("Type")) {
            throw new IllegalArgumentException(name + " is taken");
        }
        Map<String, Object> more = new LinkedHashMap<>(own);
        more.put(name, metric);
        own = more;
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

    /**
     * Every attribute by name: Flume's counters (e.g. {@code EventReceivedCount}), the gauges of the kind, the
     * connector's own counters and gauges, then StartTime, StopTime and Type.
     */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (A name : names) {
            out.put(name.name(), get(name));
        }
        addGauges(out);
        own.forEach((name, metric) -> out.put(name, metric instanceof LongAdder adder ? adder.sum()
                : ((LongSupplier) metric).getAsLong()));
        out.put("StartTime", startTime);
        out.put("StopTime", stopTime);
        out.put("Type", type);
        return out;
    }

    /**
     * The names among {@link #attributes()} that are levels (a channel's size, connections open, a start time, the
     * connector's own gauges) rather than running totals, for exporters that tell the two apart.
     */
    public Set<String> gauges() {
        Set<String> out = new LinkedHashSet<>(standardGauges());
        own.forEach((name, metric) -> {
            if (!(metric instanceof LongAdder)) {
                out.add(name);
            }
        });
        out.add("StartTime");
        out.add("StopTime");
        return out;
    }

    /** Which of Flume's attributes of this kind are levels; none by default. */
    protected Set<String> standardGauges() {
        return Set.of();
    }

    /** Adds attributes that are not counts (e.g. a channel's size); none by default. */
    protected void addGauges(Map<String, Object> out) {
    }
}

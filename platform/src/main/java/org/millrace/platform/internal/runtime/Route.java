package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.Channel;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelSelector;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a source's events at one generation of the flow: its interceptor chain, then its selector's
 * channels. Immutable; a configuration change builds a new route and swaps it in.
 */
final class Route {
    private static final Logger LOG = LoggerFactory.getLogger(Route.class);

    private final String label;
    private final List<String> interceptorNames;
    private final Interceptor[] interceptors;
    private final LongAdder[] dropped;
    private final ChannelSelector selector;
    private final Map<Channel, String> channelNames;
    /** Every channel, when all are required for every event (replicating, no optional): no per-event lookup. */
    private final List<Channel> allRequired;
    private final int maxBatchSize;
    private final TapPoint sourceTap;
    private final Map<Channel, TapPoint> channelTaps;

    /**
     * @param label {@code agent/source}, for messages
     * @param interceptorNames names of the interceptors, same order
     * @param channelNames the source's channels and their names, in configured order
     * @param allRequired the channels every event goes to when the selector needs no per-event decision, else null
     * @param sourceTap where the source's intercepted events can be watched
     * @param channelTaps where each channel's committed events can be watched
     */
    Route(String label, List<String> interceptorNames, List<Interceptor> interceptors, ChannelSelector selector,
            Map<Channel, String> channelNames, List<Channel> allRequired, TapPoint sourceTap,
            Map<Channel, TapPoint> channelTaps) {
        this.label = label;
        this.interceptorNames = List.copyOf(interceptorNames);
        this.interceptors = interceptors.toArray(new Interceptor[0]);
        this.dropped = new LongAdder[this.interceptors.length];
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
        this.selector = selector;
        this.channelNames = new IdentityHashMap<>(channelNames);
        this.allRequired = allRequired;
        this.maxBatchSize = channelNames.keySet().stream().mapToInt(Channel::transactionCapacity).min()
                .orElse(Integer.MAX_VALUE);
        this.sourceTap = sourceTap;
        this.channelTaps = new IdentityHashMap<>(channelTaps);
    }

    int maxBatchSize() {
        return maxBatchSize;
    }

    /** Events each interceptor dropped, by interceptor name. */
    Map<String, Long> droppedByInterceptor() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < interceptors.length; i++) {
            out.put(interceptorNames.get(i), dropped[i].sum());
        }
        return out;
    }

    List<Interceptor> interceptors() {
        return List.of(interceptors);
    }

    void deliver(Event event) {
        Event e = event;
        for (int i = 0; i < interceptors.length && e != null; i++) {
            e = intercept(i, e);
            if (e == null) {
                dropped[i].increment();
            }
        }
        if (e != null) {
            route(List.of(e));
        }
    }

    void deliver(List<Event> events) {
        List<Event> kept = events;
        for (int i = 0; i < interceptors.length && !kept.isEmpty(); i++) {
            int before = kept.size();
            kept = intercept(i, kept);
            dropped[i].add(before - kept.size());
        }
        if (!kept.isEmpty()) {
            route(kept);
        }
    }

    private Event intercept(int i, Event e) {
        try {
            return interceptors[i].intercept(e);
        } catch (RuntimeException ex) {
            throw new ChannelException("[" + label + "] interceptor " + interceptorNames.get(i) + " failed: " + ex, ex);
        }
    }

    private List<Event> intercept(int i, List<Event> events) {
        try {
            List<Event> out = interceptors[i].intercept(events);
            return out == null ? List.of() : out;
        } catch (RuntimeException ex) {
            throw new ChannelException("[" + label + "] interceptor " + interceptorNames.get(i) + " failed: " + ex, ex);
        }
    }

    private void route(List<Event> events) {
        sourceTap.passing(events);
        if (allRequired != null) {
            for (Channel channel : allRequired) {
                commit(channel, events, true);
            }
            return;
        }
        Map<Channel, List<Event>> required = new IdentityHashMap<>();
        Map<Channel, List<Event>> optional = new IdentityHashMap<>();
        List<Channel> order = new ArrayList<>();
        for (Event e : events) {
            List<Channel> req;
            List<Channel> opt;
            try {
                req = selector.requiredChannels(e);
                opt = selector.optionalChannels(e);
            } catch (RuntimeException ex) {
                throw new ChannelException("[" + label + "] channel selector failed: " + ex, ex);
            }
            for (Channel c : req) {
                addTo(required, order, c, e);
            }
            for (Channel c : opt) {
                if (!req.contains(c)) {
                    addTo(optional, order, c, e);
                }
            }
        }
        for (Channel c : order) {
            List<Event> batch = required.get(c);
            if (batch != null) {
                commit(c, batch, true);
            }
        }
        for (Channel c : order) {
            List<Event> batch = optional.get(c);
            if (batch != null) {
                commit(c, batch, false);
            }
        }
    }

    private static void addTo(Map<Channel, List<Event>> map, List<Channel> order, Channel c, Event e) {
        List<Event> list = map.get(c);
        if (list == null) {
            list = new ArrayList<>();
            map.put(c, list);
            if (!order.contains(c)) {
                order.add(c);
            }
        }
        list.add(e);
    }

    private void commit(Channel channel, List<Event> events, boolean required) {
        Transaction tx = null;
        try {
            tx = channel.newTransaction();
            tx.begin();
            tx.putAll(events);
            tx.commit();
            channelTaps.get(channel).passing(events);
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            if (!required) {
                LOG.warn("[{}] optional channel {} refused {} events: {}", label, channelNames.get(channel),
                        events.size(), e.getMessage());
                return;
            }
            if (e instanceof ChannelException ce) {
                throw ce;
            }
            throw new ChannelException("[" + label + "] unable to put " + events.size() + " events on channel "
                    + channelNames.get(channel) + ": " + e, e);
        } finally {
            if (tx != null) {
                tx.close();
            }
        }
    }

    /** Rolls back after a failure without hiding it: a transaction that cannot roll back is closed anyway. */
    private void rollbackQuietly(Transaction tx) {
        if (tx == null) {
            return;
        }
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            LOG.debug("[{}] rollback after a failed put also failed: {}", label, e.toString());
        }
    }
}

package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed events between instances of a channel that is not durable: taken out of an instance that
 * stops, kept aside by channel name, and put into the next instance of that name when it starts. Also waits
 * for a leaving channel's sinks to drain it. Control thread only.
 */
final class EventHandOff {
    private static final Logger LOG = LoggerFactory.getLogger(EventHandOff.class);

    private final String agent;
    private final Map<String, List<Event>> parked = new LinkedHashMap<>();

    EventHandOff(String agent) {
        this.agent = agent;
    }

    /** How many events are kept aside, by channel name. */
    Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        parked.forEach((c, events) -> out.put(c, events.size()));
        return out;
    }

    /** Takes the committed events out of a stopping channel and keeps them for its next instance. */
    void keepAside(ChannelNode node) {
        Channel channel = node.channel;
        if (channel.size() == 0) {
            return;
        }
        List<Event> kept = parked.computeIfAbsent(node.name, n -> new ArrayList<>());
        int before = kept.size();
        int batch = Math.max(1, Math.min(channel.transactionCapacity(), 1000));
        while (true) {
            Transaction tx = channel.newTransaction();
            try {
                tx.begin();
                int taken = tx.take(batch, kept);
                tx.commit();
                if (taken == 0) {
                    break;
                }
            } finally {
                tx.close();
            }
        }
        LOG.info("[{}/{}] {} events kept aside for the channel's next instance", agent, node.name,
                kept.size() - before);
    }

    /**
     * Puts events kept aside for this channel back into it, as far as it has room.
     *
     * @return whether some are still waiting (the channel was full); the agent tries again later
     */
    boolean putBack(ChannelNode node) {
        List<Event> events = parked.get(node.name);
        if (events == null) {
            return false;
        }
        int batch = Math.max(1, Math.min(node.channel.transactionCapacity(), 1000));
        int moved = 0;
        try {
            while (moved < events.size()) {
                List<Event> slice = events.subList(moved, Math.min(events.size(), moved + batch));
                commitAll(node.channel, slice);
                moved += slice.size();
            }
        } catch (RuntimeException e) {
            LOG.warn("[{}/{}] could put back only {} of {} kept events so far ({}); retrying", agent, node.name, moved,
                    events.size(), e.getMessage());
        }
        events.subList(0, moved).clear();
        if (moved > 0) {
            LOG.info("[{}/{}] {} kept events put back", agent, node.name, moved);
        }
        if (events.isEmpty()) {
            parked.remove(node.name);
            return false;
        }
        return true;
    }

    /**
     * Lets a leaving channel's sinks deliver what it holds (nothing writes to it any more), until the deadline
     * ({@link System#nanoTime()}) that every channel leaving in one change shares.
     */
    void awaitDrained(ChannelNode node, long deadline) {
        Channel channel = node.channel;
        try {
            while (channel.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[{}/{}] leaving channel drained{}", agent, node.name,
                channel.size() == 0 ? "" : " but for " + channel.size() + " events");
    }

    /** Reports events that will never find a channel again; on the agent's stop. */
    void reportStranded() {
        parked.forEach((channel, events) -> LOG.warn("[{}/{}] stopped with {} events kept aside for this channel,"
                + " which the configuration no longer has: they are dropped, as a memory channel's events live only in"
                + " memory. Declare the channel again before stopping the agent to keep them, or use a durable channel"
                + " (file, jdbc)", agent, channel, events.size()));
    }

    private static void commitAll(Channel channel, List<Event> events) {
        Transaction tx = channel.newTransaction();
        try {
            tx.begin();
            tx.putAll(events);
            tx.commit();
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        } finally {
            tx.close();
        }
    }
}

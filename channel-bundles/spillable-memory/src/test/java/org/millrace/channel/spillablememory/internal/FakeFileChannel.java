package org.millrace.channel.spillablememory.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/**
 * Stands in for the file channel as overflow: bounded by its {@code capacity}, keeps its events across stop and
 * start, remembers the configuration it was made with, counts the events put into it, and can be told to fail its
 * next commit.
 */
final class FakeFileChannel implements Channel {
    final ComponentConfig config;
    final AtomicLong eventsPut = new AtomicLong();
    volatile boolean started;
    volatile boolean failNextCommit;
    volatile boolean acceptsReconfiguration = true;
    private final int capacity;
    private final int transactionCapacity;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    /** Events queued plus events taken and not committed. */
    private long used;

    FakeFileChannel(ComponentConfig config) {
        this.config = config;
        this.capacity = Integer.parseInt(config.get("capacity"));
        String tc = config.get("transactionCapacity");
        this.transactionCapacity = tc == null ? 10000 : Integer.parseInt(tc);
    }

    /** Events as if committed in an earlier run. */
    synchronized void holdFromEarlierRun(List<Event> events) {
        queue.addAll(events);
        used += events.size();
    }

    @Override
    public void start(ChannelContext context) {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public synchronized long size() {
        return used;
    }

    @Override
    public int transactionCapacity() {
        return transactionCapacity;
    }

    @Override
    public boolean reconfigure(ComponentConfig newConfig) {
        return acceptsReconfiguration;
    }

    @Override
    public Transaction newTransaction() {
        return new Transaction() {
            private final List<Event> puts = new ArrayList<>();
            private final List<Event> takes = new ArrayList<>();
            private boolean open;

            @Override
            public void begin() {
                open = true;
            }

            @Override
            public void put(Event event) {
                check();
                if (puts.size() >= transactionCapacity) {
                    throw new ChannelException("put list full");
                }
                puts.add(event);
            }

            @Override
            public Event take() {
                check();
                if (takes.size() >= transactionCapacity) {
                    throw new ChannelException("take list full");
                }
                synchronized (FakeFileChannel.this) {
                    Event e = queue.poll();
                    if (e != null) {
                        takes.add(e);
                    }
                    return e;
                }
            }

            @Override
            public void commit() {
                check();
                if (failNextCommit) {
                    failNextCommit = false;
                    throw new ChannelException("disk on fire");
                }
                synchronized (FakeFileChannel.this) {
                    if (used + puts.size() - takes.size() > capacity) {
                        throw new ChannelFullException("overflow full");
                    }
                    queue.addAll(puts);
                    used += puts.size() - takes.size();
                }
                eventsPut.addAndGet(puts.size());
                open = false;
            }

            @Override
            public void rollback() {
                check();
                synchronized (FakeFileChannel.this) {
                    for (int i = takes.size() - 1; i >= 0; i--) {
                        queue.addFirst(takes.get(i));
                    }
                }
                open = false;
            }

            @Override
            public void close() {
                if (open) {
                    rollback();
                }
            }

            private void check() {
                if (!open) {
                    throw new IllegalStateException("transaction not open");
                }
                if (!started) {
                    throw new IllegalStateException("overflow not started");
                }
            }
        };
    }
}

package org.millrace.api.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/** A plain unbounded channel for connector tests: correct transactions, no performance ambitions. */
public class QueueChannel implements Channel {
    private final Deque<Event> queue = new ArrayDeque<>();

    /** A channel holding these events. */
    public static QueueChannel of(List<Event> events) {
        QueueChannel channel = new QueueChannel();
        channel.queue.addAll(events);
        return channel;
    }

    @Override
    public void start(ChannelContext context) {
    }

    @Override
    public synchronized long size() {
        return queue.size();
    }

    @Override
    public int transactionCapacity() {
        return 1000;
    }

    @Override
    public synchronized boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        if (queue.isEmpty()) {
            wait(timeoutMillis);
        }
        return !queue.isEmpty();
    }

    @Override
    public void stop() {
    }

    /** Removes and returns everything committed. */
    public synchronized List<Event> drain() {
        List<Event> out = new ArrayList<>(queue);
        queue.clear();
        return out;
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
                puts.add(event);
            }

            @Override
            public Event take() {
                synchronized (QueueChannel.this) {
                    Event e = queue.poll();
                    if (e != null) {
                        takes.add(e);
                    }
                    return e;
                }
            }

            @Override
            public void commit() {
                synchronized (QueueChannel.this) {
                    queue.addAll(puts);
                    QueueChannel.this.notifyAll();
                }
                puts.clear();
                takes.clear();
                open = false;
            }

            @Override
            public void rollback() {
                synchronized (QueueChannel.this) {
                    for (int i = takes.size() - 1; i >= 0; i--) {
                        queue.addFirst(takes.get(i));
                    }
                }
                puts.clear();
                takes.clear();
                open = false;
            }

            @Override
            public void close() {
                if (open) {
                    rollback();
                }
            }
        };
    }
}

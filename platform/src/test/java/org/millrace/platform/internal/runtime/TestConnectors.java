package org.millrace.platform.internal.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.api.BatchingSink;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFactory;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.PollableSource;
import org.millrace.api.SinkFactory;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceFactory;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;

/** Small connectors for exercising the engine without OSGi: each records what happened to it. */
final class TestConnectors {
    private TestConnectors() {
    }

    /** Channels of type {@code queue}; keeps every instance it started. */
    static final class Queues implements ChannelFactory {
        final List<QueueChannel> started = new CopyOnWriteArrayList<>();

        /** The last channel started: the running one (plans build throwaway instances too). */
        QueueChannel running() {
            return started.get(started.size() - 1);
        }

        @Override
        public QueueChannel create(org.millrace.api.ComponentConfig config) {
            return new QueueChannel() {
                @Override
                public void start(org.millrace.api.ChannelContext context) {
                    started.add(this);
                }
            };
        }
    }

    /**
     * Sinks of type {@code list}: deliver into one shared list (body, then {@code #trail} if the event has one);
     * can be made to fail; count process() calls.
     */
    static final class Lists implements SinkFactory {
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public BatchingSink create(org.millrace.api.ComponentConfig config) {
            return new BatchingSink(10) {
                @Override
                public Status process() throws EventDeliveryException {
                    calls.incrementAndGet();
                    return super.process();
                }

                @Override
                protected void deliver(List<Event> batch) throws Exception {
                    if (failing.get()) {
                        throw new Exception("destination down");
                    }
                    batch.forEach(e -> delivered.add(text(e) + (e.header("trail") == null ? "" : "#"
                            + e.header("trail"))));
                }
            };
        }

        /** Waits until {@code n} events were delivered. */
        List<String> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            synchronized (delivered) {
                return new ArrayList<>(delivered);
            }
        }
    }

    /** Pollable sources of type {@code gen}: {@code count} events e0, e1... in batches of 5, then BACKOFF. */
    static final class Generators implements SourceFactory {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public PollableSource create(org.millrace.api.ComponentConfig config) {
            int count = Integer.parseInt(or(config.get("count"), "0"));
            long increment = Long.parseLong(or(config.get("backoffSleepIncrement"), "1000"));
            long max = Long.parseLong(or(config.get("maxBackoffSleep"), "5000"));
            return new PollableSource() {
                private SourceContext context;
                private int next;

                @Override
                public long backoffSleepIncrement() {
                    return increment;
                }

                @Override
                public long maxBackoffSleep() {
                    return max;
                }

                @Override
                public void start(SourceContext sourceContext) {
                    context = sourceContext;
                }

                @Override
                public Status process() {
                    calls.incrementAndGet();
                    if (next >= count) {
                        return Status.BACKOFF;
                    }
                    List<Event> batch = new ArrayList<>();
                    for (int i = next; i < Math.min(count, next + 5); i++) {
                        batch.add(Event.of("e" + i));
                    }
                    try {
                        context.channelProcessor().processEventBatch(batch);
                    } catch (ChannelException e) {
                        return Status.BACKOFF;
                    }
                    next += batch.size();
                    return Status.READY;
                }

                @Override
                public void stop() {
                }
            };
        }
    }

    /** Event-driven sources of type {@code push}: tests deliver through the last started one's processor. */
    static final class Pushers implements SourceFactory {
        volatile SourceContext last;

        @Override
        public EventDrivenSource create(org.millrace.api.ComponentConfig config) {
            return new EventDrivenSource() {
                @Override
                public void start(SourceContext context) {
                    last = context;
                }

                @Override
                public void stop() {
                }
            };
        }

        void push(String... bodies) {
            List<Event> events = new ArrayList<>();
            for (String b : bodies) {
                events.add(Event.of(b));
            }
            last.channelProcessor().processEventBatch(events);
        }
    }

    /** Interceptors of type {@code tag}: append their {@code mark} to header {@code trail}; drop bodies equal to {@code drop}. */
    static final class Tags implements InterceptorFactory {
        @Override
        public org.millrace.api.Interceptor create(org.millrace.api.ComponentConfig config) {
            String mark = or(config.get("mark"), "?");
            String drop = config.get("drop");
            return event -> {
                if (text(event).equals(drop)) {
                    return null;
                }
                String trail = event.header("trail");
                event.headers().put("trail", trail == null ? mark : trail + mark);
                return event;
            };
        }
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static String text(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }
}

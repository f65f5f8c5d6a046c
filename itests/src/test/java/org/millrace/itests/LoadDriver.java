package org.millrace.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.api.BatchingSink;
import org.millrace.api.ComponentConfig;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;

/**
 * Steady load for live-change tests: senders writing numbered lines to a netcat source at a fixed rate, each with a
 * window of lines in flight, counting each {@code OK} (so they know exactly what the agent committed) and sending
 * again what a broken connection left unanswered (counted: only those may arrive twice); and a counting sink type
 * that records every body it delivers, by sink (registered from the test as sink type {@code counting}).
 */
public final class LoadDriver implements AutoCloseable {
    private final String prefix;
    private final int port;
    private final int window;
    private final long pauseNanos;
    /** Bodies the agent acknowledged. */
    public final Set<String> acked = ConcurrentHashMap.newKeySet();
    public final AtomicInteger reconnects = new AtomicInteger();
    /** Lines sent again because their connection broke before they were answered, or answered FAILED. */
    public final AtomicInteger resends = new AtomicInteger();
    private final List<Thread> senders = new java.util.ArrayList<>();
    private final AtomicInteger idleSenders = new AtomicInteger();
    private volatile String lastAcked;
    private volatile boolean running = true;
    private volatile boolean paused;
    /** Bodies delivered by every counting sink, with how often each was delivered. */
    public static final Map<String, AtomicInteger> DELIVERED = new ConcurrentHashMap<>();
    /** The {@code stage} header each body was last delivered with. */
    public static final Map<String, String> STAGES = new ConcurrentHashMap<>();
    /** The headers each body was last delivered with. */
    public static final Map<String, Map<String, String>> HEADERS = new ConcurrentHashMap<>();
    /** Counting sinks ({@code agent/sink}) that fail every delivery while listed, to exercise failover. */
    public static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    /** Deliveries of each body, by sink name ({@code agent/sink}). */
    public static final Map<String, Map<String, AtomicInteger>> BY_SINK = new ConcurrentHashMap<>();
    /** When a counting sink last delivered, by sink name (for delivery pauses). */
    public static final Map<String, AtomicLong> LAST_DELIVERY = new ConcurrentHashMap<>();
    /** The longest gap between two deliveries of a counting sink, by sink name, ms. */
    public static final Map<String, AtomicLong> LONGEST_GAP = new ConcurrentHashMap<>();

    /** The sink type {@code counting}: records bodies, the sink that delivered them and their {@code stage} header. */
    public static final SinkFactory COUNTING = LoadDriver::countingSink;

    private static Sink countingSink(ComponentConfig config) {
        String sink = config.agentName() + "/" + config.componentName();
        return new BatchingSink(100) {
            @Override
            protected void deliver(List<Event> batch) {
                if (FAILING.contains(sink)) {
                    throw new IllegalStateException(sink + " is down (test)");
                }
                long now = System.nanoTime();
                AtomicLong last = LAST_DELIVERY.computeIfAbsent(sink, s -> new AtomicLong(now));
                long gap = (now - last.getAndSet(now)) / 1_000_000;
                LONGEST_GAP.computeIfAbsent(sink, s -> new AtomicLong()).accumulateAndGet(gap, Math::max);
                Map<String, AtomicInteger> mine = BY_SINK.computeIfAbsent(sink, s -> new ConcurrentHashMap<>());
                for (Event e : batch) {
                    String body = new String(e.body(), StandardCharsets.UTF_8);
                    DELIVERED.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                    mine.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                    if (e.header("stage") != null) {
                        STAGES.put(body, e.header("stage"));
                    }
                    HEADERS.put(body, e.hasHeaders() ? Map.copyOf(e.headers()) : Map.of());
                }
            }
        };
    }

    /** Starts one sender of {@code <prefix><n>} lines to 127.0.0.1:{@code port}, one line in flight. */
    public LoadDriver(String prefix, int port, int eventsPerSecond) {
        this(prefix, port, 1, 1, eventsPerSecond);
    }

    /**
     * Starts {@code senderCount} senders of {@code <prefix><sender>-<n>} lines (just {@code <prefix><n>} for one),
     * each with up to {@code window} lines in flight, together at about {@code eventsPerSecond}.
     */
    public LoadDriver(String prefix, int port, int senderCount, int window, int eventsPerSecond) {
        this.prefix = prefix;
        this.port = port;
        this.window = window;
        this.pauseNanos = 1_000_000_000L * window * senderCount / eventsPerSecond;
        for (int s = 0; s < senderCount; s++) {
            String lines = senderCount == 1 ? prefix : prefix + s + "-";
            Thread t = new Thread(() -> send(lines), "load-" + lines);
            senders.add(t);
            t.start();
        }
    }

    /** Writes a window of lines, reads their answers; a broken connection sends the unanswered ones again. */
    private void send(String lines) {
        int next = 0;
        boolean idle = false;
        while (running) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                while (running) {
                    if (paused) {
                        if (!idle) {
                            idle = true;
                            idleSenders.incrementAndGet();
                        }
                        Thread.sleep(5);
                        continue;
                    }
                    if (idle) {
                        idle = false;
                        idleSenders.decrementAndGet();
                    }
                    long start = System.nanoTime();
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < window; i++) {
                        batch.append(lines).append(next + i).append('\n');
                    }
                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    int answered = 0;
                    boolean failed = false;
                    for (; answered < window; answered++) {
                        String reply = in.readLine();
                        if (reply == null) {
                            throw new IOException("connection closed");
                        }
                        if (!"OK".equals(reply) || failed) {
                            failed = true; // this line and the rest of the window go again
                            continue;
                        }
                        acked.add(lines + (next + answered));
                        lastAcked = lines + (next + answered);
                    }
                    int okay = 0;
                    while (okay < window && acked.contains(lines + (next + okay))) {
                        okay++;
                    }
                    resends.addAndGet(window - okay);
                    next += okay; // a line answered FAILED is sent again with the same number
                    long left = pauseNanos - (System.nanoTime() - start);
                    if (left > 0) {
                        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
            } catch (IOException e) {
                // the source went away (restart, bundle update): unanswered lines are sent again
                reconnects.incrementAndGet();
                int okay = 0;
                while (okay < window && acked.contains(lines + (next + okay))) {
                    okay++;
                }
                next += okay;
                resends.addAndGet(window - okay);
                sleepQuietly(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sending after the lines in flight are answered; returns when every sender is idle. */
    public void pause() throws InterruptedException {
        paused = true;
        long deadline = System.currentTimeMillis() + 60_000;
        while (idleSenders.get() < senders.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Sends again. */
    public void resume() {
        paused = false;
    }

    /** Acknowledged bodies not (yet) delivered by any counting sink. */
    public List<String> undelivered() {
        return acked.stream().filter(b -> !DELIVERED.containsKey(b)).sorted().toList();
    }

    /** Acknowledged bodies, except {@code excepted}, that the sink ({@code agent/sink}) has not delivered (yet). */
    public List<String> undeliveredBy(String sink, Set<String> excepted) {
        Map<String, AtomicInteger> delivered = BY_SINK.getOrDefault(sink, Map.of());
        return acked.stream().filter(b -> !excepted.contains(b) && !delivered.containsKey(b)).sorted().toList();
    }

    /** The body acknowledged last. */
    public String lastAcked() {
        return lastAcked;
    }

    /** Deliveries beyond the first by the same sink, of this driver's bodies (two sinks each get their copy). */
    public int duplicates() {
        return BY_SINK.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().get() - 1).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : senders) {
            t.join(60_000);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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
 * Steady load for live-change tests: a sender writing numbered lines to a netcat source at a fixed rate and
 * waiting for each {@code OK} (so it knows exactly what the agent committed), and a counting sink type that
 * records every body it delivers (registered from the test as sink type {@code counting}).
 */
public final class LoadDriver implements AutoCloseable {
    private final String prefix;
    private final int port;
    private final long pauseNanos;
    /** Numbers the agent acknowledged. */
    public final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    public final AtomicInteger reconnects = new AtomicInteger();
    public final AtomicInteger resends = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile boolean idle;

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

    /** Starts sending {@code <prefix><n>} lines to 127.0.0.1:{@code port}. */
    public LoadDriver(String prefix, int port, int eventsPerSecond) {
        this.prefix = prefix;
        this.port = port;
        this.pauseNanos = 1_000_000_000L / eventsPerSecond;
        this.thread = new Thread(this::send, "load-" + prefix);
        thread.start();
    }

    private void send() {
        int next = 0;
        while (running) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                while (running) {
                    if (paused) {
                        idle = true;
                        Thread.sleep(5);
                        continue;
                    }
                    idle = false;
                    long start = System.nanoTime();
                    out.write((prefix + next + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String reply = in.readLine();
                    if (reply == null) {
                        throw new IOException("connection closed");
                    }
                    if ("OK".equals(reply)) {
                        acked.add(next++);
                    } else {
                        resends.incrementAndGet();
                    }
                    long left = pauseNanos - (System.nanoTime() - start);
                    if (left > 0) {
                        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
            } catch (IOException e) {
                // the source went away (restart, bundle update): the line in flight is sent again
                reconnects.incrementAndGet();
                resends.incrementAndGet();
                sleepQuietly(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sending after the line in flight is answered; returns when the sender is idle. */
    public void pause() throws InterruptedException {
        paused = true;
        long deadline = System.currentTimeMillis() + 60_000;
        while (!idle && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Sends again. */
    public void resume() {
        paused = false;
    }

    /** Acknowledged numbers not (yet) delivered by any counting sink, as bodies. */
    public List<String> undelivered() {
        return acked.stream().map(n -> prefix + n).filter(b -> !DELIVERED.containsKey(b)).sorted().toList();
    }

    /** The highest number acknowledged so far. */
    public int lastAcked() {
        return acked.stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    /** Deliveries beyond the first by the same sink, of this driver's bodies (two sinks each get their copy). */
    public int duplicates() {
        return BY_SINK.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().get() - 1).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(60_000);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

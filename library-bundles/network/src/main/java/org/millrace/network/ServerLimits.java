package org.millrace.network;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link TcpServer} of the process shares, so that no flood of connections or bytes exhausts it: a cap on
 * the connections they serve together (half the process's open-file limit, the rest left for files, clients and the
 * framework), and a budget for the memory Netty's buffers hold (bytes read and not yet made into events, and bytes
 * waiting to be written). While the buffers hold more than the budget, a connection that reads is paused, except one:
 * the paused connections take turns, the longest paused first, to read alone, so that a frame half received can
 * complete and free what it holds (were all paused, none could). The turn passes on when its connection closes, or
 * when it has been silent for {@value #SILENT_MILLIS} ms holding no more than when its turn began (a frame it
 * completed freed what it read): a connection that stops mid-frame keeps the turn until its protocol's stall timeout
 * closes it, so stalled frames cannot pile up. Paused connections all read again once the buffers hold less. A paused
 * sender is slowed by TCP, as by a full channel. The buffers so hold at most the budget, plus one frame read alone (at
 * most the protocol's largest), plus what arrives within one measurement ({@value #SAMPLE_MILLIS} ms).
 */
final class ServerLimits {
    /** The system property that sets the buffer budget in bytes (0: none). */
    static final String BUFFER_BUDGET_PROPERTY = "millrace.network.buffer-budget";
    /** How often the buffers are measured: what floods in between is the budget's slack. */
    private static final long SAMPLE_MILLIS = 10;
    /** How long the connection whose turn it is stays silent before the turn may pass on. */
    private static final long SILENT_MILLIS = 100;
    /** What the turn's connection may hold more than when its turn began and still pass it on: one read's buffer. */
    private static final long TURN_SLACK_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ServerLimits.class);

    static final ServerLimits PROCESS = new ServerLimits(halfTheOpenFileLimit(), budgetFromProperty(),
            allocatorBytes());

    private final int maxConnections;
    private final long bufferBudget;
    private final LongSupplier buffered;
    private final AtomicInteger open = new AtomicInteger();
    /** Paused connections, the longest paused first. */
    private final Queue<Channel> paused = new ConcurrentLinkedQueue<>();
    private volatile boolean overBudget;
    /** The paused connection whose turn it is to read alone, or null. */
    private volatile Channel turn;
    private long turnBeganHolding;
    private volatile long turnLastRead;
    private int servers;
    private ScheduledFuture<?> sampler;

    /**
     * @param maxConnections connections all servers serve together
     * @param bufferBudget bytes the buffers may hold before reading pauses; 0 for no budget
     * @param buffered the bytes the buffers hold now
     */
    ServerLimits(int maxConnections, long bufferBudget, LongSupplier buffered) {
        this.maxConnections = maxConnections;
        this.bufferBudget = bufferBudget;
        this.buffered = buffered;
    }

    int maxConnections() {
        return maxConnections;
    }

    /** Takes a connection's place; false if all are taken. */
    boolean admit() {
        for (int n = open.get(); n < maxConnections; n = open.get()) {
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back the place of an admitted connection that closed. */
    void closed() {
        open.decrementAndGet();
    }

    /** A server started: measuring runs while any does. */
    synchronized void serverStarted() {
        if (servers++ == 0 && bufferBudget > 0) {
            sampler = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(this::measure, SAMPLE_MILLIS, SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    synchronized void serverClosed() {
        if (--servers == 0 && sampler != null) {
            sampler.cancel(false);
            sampler = null;
            overBudget = false;
            turn = null;
            resumeAll();
        }
    }

    /** Whether the buffers held more than the budget when last measured. */
    boolean overBudget() {
        return overBudget;
    }

    /**
     * Holds a connection's reading until the buffers are back within the budget or its turn comes; false if it is
     * held already or it is its turn.
     */
    boolean pause(Channel ch) {
        if (ch == turn) {
            turnLastRead = System.nanoTime();
            return false;
        }
        if (!ReadHolds.hold(ch, ReadHolds.BUFFER_BUDGET)) {
            return false;
        }
        paused.add(ch); // a connection that closes while paused leaves at the next resume
        return true;
    }

    private void measure() {
        long holding = buffered.getAsLong();
        boolean over = holding > bufferBudget;
        if (over && !overBudget) {
            LOG.warn("network buffers hold more than {} bytes ({}): pausing connections as they read", bufferBudget,
                    BUFFER_BUDGET_PROPERTY);
        }
        overBudget = over;
        if (!over) {
            turn = null;
            resumeAll();
        } else if (turn == null || !turn.isActive() || turnDone(holding)) {
            Channel next = paused.poll();
            while (next != null && !next.isActive()) {
                next = paused.poll();
            }
            turn = next; // the one before, if it reads again while over, pauses and queues again
            turnBeganHolding = holding;
            turnLastRead = System.nanoTime();
            if (next != null) {
                resume(next);
            }
        }
    }

    /** Whether the turn's connection went silent without holding more than when its turn began. */
    private boolean turnDone(long holding) {
        return System.nanoTime() - turnLastRead > TimeUnit.MILLISECONDS.toNanos(SILENT_MILLIS)
                && holding <= turnBeganHolding + TURN_SLACK_BYTES;
    }

    private void resumeAll() {
        for (Channel ch = paused.poll(); ch != null; ch = paused.poll()) {
            resume(ch);
        }
    }

    private static void resume(Channel ch) {
        ch.eventLoop().execute(() -> ReadHolds.release(ch, ReadHolds.BUFFER_BUDGET));
    }

    /** Half the soft open-file limit of this process (Linux's /proc/self/limits); no cap where it cannot be read. */
    private static int halfTheOpenFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Integer.MAX_VALUE
                            : (int) Math.min(Integer.MAX_VALUE, Long.parseLong(soft) / 2);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("open-file limit unknown ({}): connections capped per server only", e.toString());
        }
        return Integer.MAX_VALUE;
    }

    /** The property's value, else half the heap's maximum (direct memory's default maximum too). */
    private static long budgetFromProperty() {
        String set = System.getProperty(BUFFER_BUDGET_PROPERTY);
        if (set != null) {
            try {
                return Long.parseLong(set.trim());
            } catch (NumberFormatException e) {
                LOG.error("{} = {}: not a number of bytes; using half the heap", BUFFER_BUDGET_PROPERTY, set);
            }
        }
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** The bytes Netty's default allocator (every connection's) holds, heap and direct. */
    static LongSupplier allocatorBytes() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return () -> metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        return () -> 0;
    }
}

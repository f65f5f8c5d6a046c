package org.millrace.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.millrace.api.SourceCounter;

/** Floods of connections and of bytes from 127.0.0.1 against a real server: what it holds stays bounded. */
class FloodTest {
    private static final int MB = 1024 * 1024;

    private static TcpServer.Settings limits(int maxConnections, int idleTimeoutSeconds) {
        return new TcpServer.Settings(null, null, maxConnections, idleTimeoutSeconds);
    }

    /** A server that reads and drops what it is sent. */
    private static TcpServer sink(TcpServer.Settings settings, ServerLimits limits, SourceCounter counter)
            throws Exception {
        return TcpServer.on("a1/r1", "127.0.0.1", 0).configured(settings).limits(limits).counter(counter)
                .handlers(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                    }
                })).start();
    }

    /** Descriptors the process opened since {@code before}, besides the client sockets. */
    private static long descriptorsHeld(long before, List<Socket> clients) {
        try {
            return openFiles() - before - clients.size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static boolean closedByServer(Socket s, int waitMillis) throws IOException {
        s.setSoTimeout(waitMillis);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aFloodOfConnectionsIsRefusedAndCountedWithoutHoldingDescriptors() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in Linux's /proc");
        SourceCounter counter = new SourceCounter();
        List<Socket> flood = new ArrayList<>();
        try (TcpServer server = sink(limits(50, 0), ServerLimits.PROCESS, counter)) {
            long before = openFiles();
            for (int i = 0; i < 500; i++) {
                flood.add(new Socket("127.0.0.1", server.port()));
            }
            await(() -> counter.attributes().get("ConnectionRefusedCount").equals(450L), "450 refused");
            assertEquals(50L, counter.get(SourceCounter.Name.OpenConnectionCount));
            assertEquals(50, server.connections());
            // a refused connection is counted before its descriptor is closed: wait for the last closes
            await(() -> descriptorsHeld(before, flood) <= 50 + 10, "the server holds the 50 it serves, not the refused");
            // which ones the server took is its accept order, not the order they were opened in: a full backlog
            // makes some of the first wait for a retransmission
            List<Socket> served = new ArrayList<>();
            for (Socket s : flood) {
                if (!closedByServer(s, 1)) {
                    served.add(s);
                }
            }
            assertEquals(50, served.size(), "every refused connection is closed at once, the 50 served stay open");
            for (Socket s : served.subList(0, 10)) {
                s.close();
            }
            await(() -> counter.get(SourceCounter.Name.OpenConnectionCount) == 40, "closed ones leave");
            try (Socket late = new Socket("127.0.0.1", server.port())) {
                late.getOutputStream().write(1);
                await(() -> counter.get(SourceCounter.Name.OpenConnectionCount) == 41, "a place freed is taken");
                assertTrue(!closedByServer(late, 500));
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }

    @Test
    void theProcessCapHoldsAcrossServers() throws Exception {
        ServerLimits process = new ServerLimits(60, 0, () -> 0);
        SourceCounter a = new SourceCounter();
        SourceCounter b = new SourceCounter();
        List<Socket> flood = new ArrayList<>();
        try (TcpServer one = sink(limits(50, 0), process, a); TcpServer two = sink(limits(50, 0), process, b)) {
            for (int i = 0; i < 50; i++) {
                flood.add(new Socket("127.0.0.1", one.port()));
                flood.add(new Socket("127.0.0.1", two.port()));
            }
            await(() -> (long) a.attributes().get("ConnectionRefusedCount")
                    + (long) b.attributes().get("ConnectionRefusedCount") == 40, "40 refused by the process cap");
            assertEquals(60, one.connections() + two.connections());
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeoutButNotOneWhoseReadingIsHeld() throws Exception {
        SourceCounter counter = new SourceCounter();
        try (TcpServer server = TcpServer.on("a1/r1", "127.0.0.1", 0).configured(limits(0, 1)).counter(counter)
                .handlers(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (((ByteBuf) msg).getByte(0) == 'h') { // as a full channel holds a netcat connection
                            ReadHolds.hold(ctx.channel(), ReadHolds.CHANNEL_FULL);
                        }
                        ((ByteBuf) msg).release();
                    }
                })).start();
                Socket silent = new Socket("127.0.0.1", server.port());
                Socket talking = new Socket("127.0.0.1", server.port());
                Socket held = new Socket("127.0.0.1", server.port())) {
            held.getOutputStream().write('h');
            for (int i = 0; i < 10; i++) {
                talking.getOutputStream().write('t');
                Thread.sleep(250);
            }
            assertTrue(closedByServer(silent, 3000), "silent for 1 s: closed");
            assertEquals(1L, counter.attributes().get("ConnectionIdleClosedCount"));
            talking.getOutputStream().write('t');
            assertTrue(!closedByServer(talking, 300), "a talking peer stays");
            assertTrue(!closedByServer(held, 1500), "a connection Millrace holds back is not idle");
        }
    }

    /**
     * Eight senders each send all but the last byte of a 48 MB frame at once, and the last byte only later; the server
     * keeps a frame until it is whole. With a 32 MB budget the buffers never hold all eight (they take turns, and a
     * frame stopped short keeps its turn), and every frame still arrives once its last byte comes.
     */
    @Test
    void aFloodOfBytesIsHeldWithinTheBufferBudgetAndEveryFrameStillArrives() throws Exception {
        LongSupplier buffers = ServerLimits.allocatorBytes();
        SourceCounter counter = new SourceCounter();
        long peak = flood(new ServerLimits(Integer.MAX_VALUE, 32L * MB, buffers), counter, buffers);
        assertTrue(peak < 32L * MB + 3 * 48L * MB, "within the budget, one frame read alone, the slack: " + peak);
        assertTrue((long) counter.attributes().get("ReadPausedCount") > 0);

        long unbounded = flood(new ServerLimits(Integer.MAX_VALUE, 0, buffers), new SourceCounter(), buffers);
        assertTrue(unbounded > 7 * 48L * MB, "without the budget the same flood holds them all: " + unbounded);
    }

    /** Runs the flood; the most the buffers held above what they held before. */
    private static long flood(ServerLimits limits, SourceCounter counter, LongSupplier buffers) throws Exception {
        int frame = 48 * MB;
        int senders = 8;
        AtomicInteger frames = new AtomicInteger();
        CountDownLatch almost = new CountDownLatch(senders);
        CountDownLatch last = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(senders + 1);
        try (TcpServer server = TcpServer.on("a1/r1", "127.0.0.1", 0).configured(limits(0, 0)).limits(limits)
                .counter(counter).handlers(ch -> ch.pipeline().addLast(new FixedLengthFrameDecoder(frame),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                frames.incrementAndGet();
                                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('k'));
                            }
                        })).start()) {
            long before = buffers.getAsLong();
            AtomicLong peak = new AtomicLong();
            Future<?> watch = threads.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(buffers.getAsLong() - before, Math::max);
                    LockSupport.parkNanos(1_000_000);
                }
            });
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                sent.add(threads.submit(() -> {
                    try (Socket s = new Socket("127.0.0.1", server.port())) {
                        OutputStream out = s.getOutputStream();
                        out.write(new byte[frame - 1]);
                        almost.countDown();
                        last.await();
                        out.write(0);
                        s.setSoTimeout(60_000);
                        return s.getInputStream().read();
                    }
                }));
            }
            if (almost.await(10, TimeUnit.SECONDS)) { // all sent: give the server time to read it all
                Thread.sleep(1000);
            }
            last.countDown();
            for (Future<Integer> f : sent) {
                assertEquals('k', f.get(120, TimeUnit.SECONDS), "every frame arrives");
            }
            assertEquals(senders, frames.get());
            watch.cancel(true);
            return peak.get();
        } finally {
            threads.shutdownNow();
        }
    }
}

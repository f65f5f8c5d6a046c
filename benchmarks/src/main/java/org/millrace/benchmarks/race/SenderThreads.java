package org.millrace.benchmarks.race;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/** The timing shared by the generators: sender threads, a warm-up, a measured window, per-call latencies. */
abstract class SenderThreads implements LoadGenerator {

    /** One thread's connection: sends one batch, returns whether it was acknowledged. */
    interface Sender extends AutoCloseable {
        boolean send() throws Exception;

        @Override
        void close();
    }

    /** A sender for thread {@code id}. */
    protected abstract Sender sender(String host, int port, int batch, int bodyBytes, int id) throws Exception;

    /** What one thread measured. */
    private static final class Tally {
        private long[] micros = new long[1 << 16];
        private int calls;
        private long events;
        private long total;
        private long failed;

        void call(long nanos, int batch) {
            if (calls == micros.length) {
                micros = java.util.Arrays.copyOf(micros, calls * 2);
            }
            micros[calls++] = nanos / 1000;
            events += batch;
        }
    }

    @Override
    public Result run(String host, int port, int senders, int batch, int bodyBytes, double warmupSeconds,
            double seconds, long maxEvents) throws Exception {
        long start = System.nanoTime();
        long measureFrom = maxEvents > 0 ? start : start + (long) (warmupSeconds * 1e9);
        long end = maxEvents > 0 ? Long.MAX_VALUE : measureFrom + (long) (seconds * 1e9);
        AtomicLong budget = new AtomicLong(maxEvents > 0 ? maxEvents : Long.MAX_VALUE);
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        for (int t = 0; t < senders; t++) {
            Tally tally = new Tally();
            tallies.add(tally);
            int id = t;
            threads.add(new Thread(() -> {
                try (Sender s = sender(host, port, batch, bodyBytes, id)) {
                    while (System.nanoTime() < end && budget.getAndAdd(-batch) > 0) {
                        long before = System.nanoTime();
                        while (!s.send()) {
                            tally.failed++;
                            Thread.sleep(10);
                        }
                        tally.total += batch;
                        if (before >= measureFrom) {
                            tally.call(System.nanoTime() - before, batch);
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }, "load-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        double measured = (System.nanoTime() - measureFrom) / 1e9;
        long[] micros = tallies.stream().flatMapToLong(t -> LongStream.of(t.micros).limit(t.calls)).toArray();
        return new Result(tallies.stream().mapToLong(t -> t.events).sum(), tallies.stream().mapToLong(t -> t.total)
                .sum(), measured, micros, tallies.stream().mapToLong(t -> t.failed).sum());
    }
}

package org.millrace.benchmarks.race;

import java.util.Arrays;

/** Sends batches of events over avro to an agent from several threads, for a while; counts what was acknowledged. */
interface LoadGenerator {

    /**
     * What a run achieved: events acknowledged in the measured window and in all (warm-up included), the
     * window's length, each measured call's latency, and calls answered FAILED (retried).
     */
    record Result(long events, long totalEvents, double seconds, long[] callMicros, long failedCalls) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double percentileMillis(double p) {
            if (callMicros.length == 0) {
                return Double.NaN;
            }
            long[] sorted = callMicros.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
        }
    }

    /**
     * Runs {@code senders} threads, each sending {@code batch}-event calls of {@code bodyBytes}-byte bodies, for
     * {@code warmupSeconds} unmeasured and then {@code seconds} measured (or until {@code maxEvents} were sent in
     * all, if positive). A call answered FAILED is retried; only acknowledged events count.
     */
    Result run(String host, int port, int senders, int batch, int bodyBytes, double warmupSeconds, double seconds,
            long maxEvents) throws Exception;
}

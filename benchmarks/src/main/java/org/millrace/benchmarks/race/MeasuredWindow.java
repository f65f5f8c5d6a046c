package org.millrace.benchmarks.race;

/**
 * An agent sampled over a race's measured window (after the warm-up): its CPU time at the window's start and end,
 * its resident memory late in it. Runs on a thread of its own while the load generator runs.
 */
final class MeasuredWindow {
    private final Thread sampler;
    private final long[] cpu = new long[2];
    private long rssKb;

    MeasuredWindow(AgentProcess agent, double warmupSeconds, double seconds) {
        sampler = new Thread(() -> {
            try {
                Thread.sleep((long) (warmupSeconds * 1000));
                cpu[0] = agent.cpuNanos();
                Thread.sleep((long) (seconds * 800L));
                rssKb = agent.rssKb()[0];
                Thread.sleep((long) (seconds * 200L));
                cpu[1] = agent.cpuNanos();
            } catch (Exception e) {
                // no figure: cpuMicrosPerEvent says NaN, rssKb 0
            }
        }, "measured-window");
    }

    void start() {
        sampler.start();
    }

    /** Waits for the window's end. */
    void join() throws InterruptedException {
        sampler.join();
    }

    /** Agent CPU per event over the window at this rate of events, or NaN if the window was not sampled. */
    double cpuMicrosPerEvent(double eventsPerSecond, double seconds) {
        return cpu[1] > cpu[0] ? (cpu[1] - cpu[0]) / 1000.0 / (eventsPerSecond * seconds) : Double.NaN;
    }

    /** Resident memory late in the window, or 0 if not sampled. */
    long rssKb() {
        return rssKb;
    }
}

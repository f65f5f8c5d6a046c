package org.millrace.benchmarks.race;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An agent under test, in its own process: started fresh for each run with a Flume configuration file. */
abstract class AgentProcess implements AutoCloseable {
    /** Frames at the top of a thread's stack that mean it waits for work, or for the framework to stop. */
    private static final List<String> IDLE = List.of("ThreadPoolExecutor.getTask", "Queue.take", "Queue.poll",
            "ThreadGate.await", "EventDispatcher.run", "FrameworkWiringImpl.run");
    /** When the agent's process (or the script that starts it) was last launched; start-up is timed from here. */
    private long launchedAt;

    /** Starts the agent with this Flume configuration (agent a1) in a fresh working directory. */
    abstract void start(String flumeConfig, Path work) throws Exception;

    /** Starts the agent again, after {@link #stop} or {@link #kill}, in the working directory it has. */
    abstract void restart() throws Exception;

    /** Subclasses call this right before they launch the process. */
    final void launching() {
        launchedAt = System.nanoTime();
    }

    /** Ends the process at once, as {@code kill -9} does. */
    void kill() throws InterruptedException {
        handle().destroyForcibly();
        awaitExit(handle());
    }

    /** The agent's process. */
    abstract ProcessHandle handle();

    /**
     * Events taken from its channels by committed sink transactions (the channels' EventTakeSuccessCount: Flume's
     * null sink keeps no sink counters).
     */
    abstract long drained() throws Exception;

    /** Waits until its sinks delivered this many events (or a minute passed); returns how many they did. */
    long awaitDrained(long events) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        long drained = drained();
        while (drained < events && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            drained = drained();
        }
        return drained;
    }

    /** A TCP port free now: a distribution started by hand, or another race, may hold any fixed one. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Stops the agent and waits for its process to end. */
    abstract void stop() throws Exception;

    /** A short name for tables. */
    abstract String name();

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Resident memory now, and the peak, in kB (from /proc). */
    long[] rssKb() throws IOException {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(proc("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                peak = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rss, peak};
    }

    /** CPU time the process used so far, user and system, in nanoseconds (from /proc, in clock ticks of 10 ms). */
    long cpuNanos() throws IOException {
        String stat = Files.readString(proc("stat"));
        // fields after the command name, which is in parentheses and may hold spaces: utime and stime are 12th, 13th
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }

    private Path proc(String file) {
        return Path.of("/proc", String.valueOf(handle().pid()), file);
    }

    /** Waits until the port accepts connections; returns the milliseconds since the agent was launched. */
    long awaitPort(int port, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!handle().isAlive()) {
                throw new IllegalStateException("the agent process ended while starting");
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return (System.nanoTime() - launchedAt) / 1_000_000;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        String report = "nothing listened on port " + port + " within " + timeoutMillis + " ms" + whatItDid();
        System.out.println(report); // the log of a run in CI is gone with its machine: the report is all there is
        throw new IllegalStateException(report);
    }

    /**
     * For a failure message: what the agent logged and where its threads are, so that a stall can be told from a
     * slow machine. Empty unless the agent knows where it logs.
     */
    String whatItDid() {
        return "";
    }

    /** Its threads that are neither idle nor outside the packages named, from {@code jcmd Thread.print}. */
    String busyThreads(List<String> packages) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(handle().pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            StringBuilder out = new StringBuilder();
            for (String thread : dump.split("\n\s*\n")) {
                boolean ours = packages.stream().anyMatch(p -> thread.contains("at " + p));
                String top = thread.lines().limit(6).collect(java.util.stream.Collectors.joining("\n"));
                boolean idle = IDLE.stream().anyMatch(top::contains);
                if (ours && !idle) {
                    thread.lines().limit(14).forEach(l -> out.append('\n').append(l));
                }
            }
            return out.toString();
        } catch (IOException e) {
            return " (no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Waits for a process to end, killing it after a while. */
    static void awaitExit(ProcessHandle process) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

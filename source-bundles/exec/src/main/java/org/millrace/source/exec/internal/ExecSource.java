package org.millrace.source.exec.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

/**
 * Flume's exec source: runs the command and makes an event of each line of its standard output (ended by
 * {@code \n}, {@code \r\n} or {@code \r}, as Flume reads them), delivered in batches of batchSize or after
 * batchTimeout. Unlike Flume, a full channel does not drop the batch and kill the command: the source stops
 * reading, so the command blocks on its full pipe, and retries. Stopping the source stops the command and
 * everything it started, after the lines already read are delivered; lines the command printed but the source
 * had not read are lost, as in Flume.
 */
final class ExecSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);
    private static final long STOP_GRACE_MILLIS = 5000;
    private static final long MAX_RETRY_MILLIS = 1000;

    private final ExecSourceConfig config;
    private final List<String> commandLine;
    private final Charset charset;
    private final Object lock = new Object();
    /** Lines read, not yet committed; events are made afresh for each try, as interceptors change them. */
    private final List<byte[]> pending = new ArrayList<>();
    private long lastDeliveryMillis;
    private volatile boolean running;
    private volatile Process process;
    private SourceContext context;
    private Thread reader;
    private ScheduledExecutorService flusher;
    private LongAdder splits;
    private LongAdder starts;

    ExecSource(ExecSourceConfig config, List<String> commandLine, Charset charset) {
        this.config = config;
        this.commandLine = commandLine;
        this.charset = charset;
    }

    @Override
    public void start(SourceContext sourceContext) throws IOException {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (config.batchSize() > max) {
            throw new IllegalStateException("batchSize " + config.batchSize() + " exceeds the transactionCapacity "
                    + max + " of the source's channels");
        }
        this.context = sourceContext;
        splits = sourceContext.counter().counter("LineSplitCount");
        starts = sourceContext.counter().counter("CommandStartCount");
        running = true;
        Process first = spawn();
        String name = "millrace-" + context.agentName() + "-" + context.componentName();
        lastDeliveryMillis = System.currentTimeMillis();
        reader = new Thread(() -> run(first), name);
        reader.start();
        flusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name + "-flush"));
        flusher.scheduleWithFixedDelay(() -> {
            synchronized (lock) {
                if (System.currentTimeMillis() - lastDeliveryMillis >= config.batchTimeout()) {
                    deliver();
                }
            }
        }, config.batchTimeout(), config.batchTimeout(), TimeUnit.MILLISECONDS);
    }

    private Process spawn() throws IOException {
        Process started = new ProcessBuilder(commandLine).start();
        starts.increment();
        process = started;
        Thread errors = new Thread(() -> pumpStandardError(started),
                "millrace-" + context.agentName() + "-" + context.componentName() + "-stderr");
        errors.setDaemon(true);
        errors.start();
        LOG.info("[{}] started {} (pid {})", context.label(), commandLine, started.pid());
        return started;
    }

    /** Reads the command's output; runs it again after restartThrottle if restart is set. */
    private void run(Process first) {
        Process current = first;
        while (true) {
            readOutput(current);
            synchronized (lock) {
                deliver();
            }
            String exit = exitCode(current);
            if (!running || !config.restart()) {
                LOG.info("[{}] command {} exited with {}", context.label(), commandLine, exit);
                return;
            }
            LOG.info("[{}] command exited with {}; restarting it in {} ms", context.label(), exit,
                    config.restartThrottle());
            current = null;
            while (current == null) {
                pause(config.restartThrottle());
                if (!running) {
                    return;
                }
                try {
                    current = spawn();
                } catch (IOException e) {
                    context.counter().increment(GenericProcessingFail);
                    LOG.error("[{}] cannot start {}: {}; trying again in {} ms", context.label(), commandLine,
                            e.getMessage(), config.restartThrottle());
                }
            }
        }
    }

    private void readOutput(Process p) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), charset))) {
            StringBuilder line = new StringBuilder();
            boolean afterCr = false;
            int c;
            while ((c = out.read()) != -1) {
                if (afterCr && c == '\n') {
                    afterCr = false;
                    continue;
                }
                afterCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    add(line);
                } else {
                    line.append((char) c);
                    if (line.length() >= config.maxLineLength()) {
                        splits.increment();
                        add(line);
                    }
                }
            }
            if (!line.isEmpty()) {
                add(line);
            }
        } catch (IOException e) {
            if (running) {
                LOG.warn("[{}] reading the output of {} failed: {}", context.label(), commandLine, e.toString());
            }
        }
    }

    private void add(StringBuilder line) {
        context.counter().increment(EventReceivedCount);
        synchronized (lock) {
            pending.add(line.toString().getBytes(charset));
            if (pending.size() >= config.batchSize()
                    || System.currentTimeMillis() - lastDeliveryMillis >= config.batchTimeout()) {
                deliver();
            }
        }
        line.setLength(0);
    }

    /**
     * Commits the pending lines in batches; a refused batch is tried again (the reader, waiting here, stops
     * reading) until it is taken or the source stops. Holds {@link #lock}.
     */
    private void deliver() {
        long retry = 10;
        while (!pending.isEmpty()) {
            List<byte[]> batch = pending.subList(0, Math.min(pending.size(), config.batchSize()));
            List<Event> events = new ArrayList<>(batch.size());
            batch.forEach(body -> events.add(Event.of(body)));
            try {
                context.channelProcessor().processEventBatch(events);
            } catch (ChannelException e) {
                context.counter().increment(ChannelWriteFail);
                if (!running) {
                    LOG.warn("[{}] stopping: {} lines read from the command are lost, the channel refused them ({})",
                            context.label(), pending.size(), e.getMessage());
                    pending.clear();
                    return;
                }
                if (retry == 10) {
                    LOG.warn("[{}] channel refused {} lines ({}); the command's output waits until there is room",
                            context.label(), batch.size(), e.getMessage());
                }
                pauseHoldingLock(retry);
                retry = Math.min(retry * 2, MAX_RETRY_MILLIS);
                continue;
            }
            SourceCounter counter = context.counter();
            counter.add(EventAcceptedCount, batch.size());
            counter.increment(AppendBatchAcceptedCount);
            batch.clear();
            retry = 10;
        }
        lastDeliveryMillis = System.currentTimeMillis();
    }

    private void pauseHoldingLock(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (running) {
                pauseHoldingLock(millis);
            }
        }
    }

    private void pumpStandardError(Process p) {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(p.getErrorStream(), charset))) {
            String line;
            while ((line = errors.readLine()) != null) {
                if (config.logStdErr()) {
                    LOG.info("[{}] stderr: {}", context.label(), line);
                }
            }
        } catch (IOException ended) {
            // the command ended
        }
    }

    private static String exitCode(Process p) {
        try {
            return p.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS) ? String.valueOf(p.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Stops the command and every process it started, then delivers the lines already read. */
    @Override
    public void stop() {
        if (reader == null) {
            return;
        }
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        Process p = process;
        if (p != null) {
            stopTree(p);
        }
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        flusher.shutdown();
        try {
            flusher.awaitTermination(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[{}] stopped", context.label());
    }

    /** SIGTERM to the command and its descendants, SIGKILL to what is left after the grace period. */
    private void stopTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(0, p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("[{}] process {} did not end on SIGTERM; killing it", context.label(), h.pid());
                h.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException e) {
                h.destroyForcibly();
            }
        }
    }
}

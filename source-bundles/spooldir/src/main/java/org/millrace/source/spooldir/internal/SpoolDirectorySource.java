package org.millrace.source.spooldir.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.Resource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

/**
 * Flume's spooling directory source, on a thread of its own as in Flume: looks for files every pollDelay ms and
 * reads each waiting file to its end, a batch per channel transaction, its position in the meta file after every
 * commit. A full channel is retried after 250 ms, doubling up to maxBackoff, with the same lines read again. A
 * file that breaks the spooling rules (changed while read, its name re-used) or cannot be read (invalid text
 * under FAIL, no permission) is left where it is, reported loudly and counted, and skipped until the source
 * starts again; unlike Flume, the source goes on with the other files.
 */
final class SpoolDirectorySource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectorySource.class);
    private static final long FIRST_BACKOFF_MILLIS = 250;

    private final SpoolReader.Settings settings;
    private final int batchSize;
    private final long pollDelay;
    private final long maxBackoff;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private SourceContext context;
    private SpoolReader reader;
    private Thread thread;
    private LongAdder failedFiles;

    SpoolDirectorySource(SpoolReader.Settings settings, int batchSize, long pollDelay, long maxBackoff) {
        this.settings = settings;
        this.batchSize = batchSize;
        this.pollDelay = pollDelay;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public List<Resource> resources() {
        List<Resource> held = new ArrayList<>(List.of(Resource.directory(settings.directory())));
        if (!settings.trackerDirectory().toAbsolutePath().startsWith(settings.directory().toAbsolutePath())) {
            held.add(Resource.directory(settings.trackerDirectory()));
        }
        return held;
    }

    @Override
    public void start(SourceContext sourceContext) throws IOException {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (batchSize > max) {
            throw new IllegalStateException("batchSize " + batchSize + " exceeds the transactionCapacity " + max
                    + " of the source's channels");
        }
        if (!Files.isDirectory(settings.directory())) {
            throw new IOException("spoolDir " + settings.directory() + " is not a directory");
        }
        if (!Files.isWritable(settings.directory())) {
            throw new IOException("spoolDir " + settings.directory() + " is not writable: finished files could not"
                    + " be renamed or deleted");
        }
        Files.createDirectories(settings.trackerDirectory());
        this.context = sourceContext;
        failedFiles = sourceContext.counter().counter("FileFailedCount");
        reader = new SpoolReader(settings, sourceContext.counter().counter("FileCompletedCount"));
        running = true;
        thread = new Thread(this::run, "millrace-" + context.agentName() + "-" + context.componentName());
        thread.start();
        LOG.info("[{}] reading files placed in {}", context.label(), settings.directory());
    }

    private void run() {
        while (running) {
            boolean delivered;
            try {
                delivered = deliverWaitingFiles();
            } catch (IOException | RuntimeException e) {
                context.counter().increment(GenericProcessingFail);
                LOG.error("[{}] cannot read spool directory {}: {}", context.label(), settings.directory(),
                        e.toString());
                delivered = false;
            }
            if (!delivered) {
                pause(pollDelay);
            }
        }
    }

    /** Reads and delivers until no file waits or the source stops; whether anything was delivered. */
    private boolean deliverWaitingFiles() throws IOException {
        boolean delivered = false;
        long backoff = FIRST_BACKOFF_MILLIS;
        while (running) {
            List<Event> events;
            try {
                events = reader.read(batchSize);
            } catch (SpoolReader.FileFailure e) {
                failedFiles.increment();
                context.counter().increment(e.unreadable() ? EventReadFail : GenericProcessingFail);
                LOG.error("[{}] spooled file {} {}; it is left as it is and skipped until the source starts again",
                        context.label(), e.file(), e.getMessage());
                continue;
            }
            Path file = reader.currentFile();
            if (events.isEmpty()) {
                return delivered;
            }
            SourceCounter counter = context.counter();
            counter.add(EventReceivedCount, events.size());
            counter.increment(AppendBatchReceivedCount);
            try {
                context.channelProcessor().processEventBatch(events);
            } catch (ChannelException e) {
                counter.increment(ChannelWriteFail);
                reader.rollback();
                LOG.warn("[{}] channel refused {} events of {} ({}); reading them again in {} ms", context.label(),
                        events.size(), file, e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, maxBackoff);
                continue;
            }
            backoff = FIRST_BACKOFF_MILLIS;
            reader.commit();
            counter.add(EventAcceptedCount, events.size());
            counter.increment(AppendBatchAcceptedCount);
            delivered = true;
        }
        return delivered;
    }

    /** Waits, returning at once when the source stops (never by interrupting: that would close the files). */
    private void pause(long millis) {
        synchronized (wakeUp) {
            if (running) {
                try {
                    wakeUp.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops after the batch in progress is committed or rolled back. */
    @Override
    public void stop() {
        if (thread == null) {
            return;
        }
        synchronized (wakeUp) {
            running = false;
            wakeUp.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        reader.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[{}] stopped", context.label());
    }
}

package org.millrace.sink.hdfs.internal;

import static org.millrace.api.SinkCounter.Name.ConnectionClosedCount;
import static org.millrace.api.SinkCounter.Name.ConnectionCreatedCount;
import static org.millrace.api.SinkCounter.Name.ConnectionFailedCount;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.millrace.api.Event;
import org.millrace.api.SinkCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One escaped path and file prefix, and the file being written there: Flume's {@code BucketWriter}. A file is
 * created as {@code <dir>/<inUsePrefix><prefix>.<counter><suffix><inUseSuffix>} and renamed without the in-use
 * parts when it is rolled (by count, size, under-replication, rollInterval or idleTimeout), when more than
 * maxOpenFiles are open, and when the sink stops. The counter starts at the bucket's creation time in
 * milliseconds, as in Flume. Timers close it from the sink's timer threads, hence the lock on every method.
 */
final class Bucket {
    private static final Logger LOG = LoggerFactory.getLogger(Bucket.class);
    /** Flume's limit on rolls in a row for under-replication, after which it stops rolling for it. */
    private static final int MAX_UNDER_REPLICATED_ROLLS = 30;

    /** The bucket-related settings, as Flume names them. */
    record Settings(String inUsePrefix, String inUseSuffix, String fileSuffix, long rollIntervalSeconds,
            long rollSize, long rollCount, int idleTimeoutSeconds, int batchSize, int minBlockReplicas,
            int closeTries, long retryIntervalSeconds) {
    }

    /** Thrown by {@link #append} once a timer has closed this bucket for good; the sink makes a new one. */
    static final class ClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedException(String path) {
            super(path + " was closed");
        }
    }

    private final String directory;
    private final String prefix;
    private final Settings settings;
    private final FileFormat format;
    private final HdfsCalls calls;
    private final SinkCounter counter;
    private final Consumer<Bucket> onClosed;
    private final String label;
    private long fileCounter;
    private OpenFile file;
    private FileSystem fs;
    private Path inUse;
    private Path target;
    private long events;
    private long bytes;
    private int unsynced;
    private int underReplicatedRolls;
    /** Live replicas the current file's block should have: hdfs.minBlockReplicas, else the file system's default. */
    private int wantedReplicas;
    private boolean closedForGood;
    private ScheduledFuture<?> rollTimer;
    private ScheduledFuture<?> idleTimer;

    Bucket(String label, String directory, String prefix, Settings settings, FileFormat format, HdfsCalls calls,
            SinkCounter counter, Consumer<Bucket> onClosed, long createdMillis) {
        this.label = label;
        this.directory = directory;
        this.prefix = prefix;
        this.settings = settings;
        this.format = format;
        this.calls = calls;
        this.counter = counter;
        this.onClosed = onClosed;
        this.fileCounter = createdMillis;
    }

    /** Writes an event, opening or rolling the file first as due; syncs every batchSize events. */
    synchronized void append(Event event) throws IOException, InterruptedException {
        if (closedForGood) {
            throw new ClosedException(directory + "/" + prefix);
        }
        cancel(idleTimer);
        idleTimer = null;
        if (file == null) {
            open();
        } else if (shouldRoll()) {
            closeFile(false);
            open();
        }
        try {
            file.append(event);
        } catch (IOException e) {
            LOG.warn("[{}] writing to {} failed ({}); closing it", label, inUse, e.toString());
            closeForGood(true);
            throw e;
        }
        bytes += event.body().length;
        events++;
        if (++unsynced == settings.batchSize()) {
            sync();
        }
    }

    /** hflushes what was appended since the last sync; called before the sink's transaction commits. */
    synchronized void sync() throws IOException {
        if (unsynced == 0 || file == null) {
            return;
        }
        file.sync();
        unsynced = 0;
        if (settings.idleTimeoutSeconds() > 0) {
            cancel(idleTimer);
            idleTimer = calls.timers().schedule(() -> timed("idle"), settings.idleTimeoutSeconds(), TimeUnit.SECONDS);
        }
    }

    private boolean shouldRoll() throws IOException {
        boolean roll = settings.rollCount() > 0 && events >= settings.rollCount()
                || settings.rollSize() > 0 && bytes >= settings.rollSize();
        if (file.underReplicated(wantedReplicas)) {
            if (underReplicatedRolls < MAX_UNDER_REPLICATED_ROLLS) {
                LOG.warn("[{}] block of {} under-replicated: rolling the file", label, inUse);
                roll = true;
            } else if (underReplicatedRolls == MAX_UNDER_REPLICATED_ROLLS) {
                LOG.error("[{}] {} rolls in a row for under-replication; no more under {}", label,
                        MAX_UNDER_REPLICATED_ROLLS, directory);
            }
            underReplicatedRolls++;
        } else {
            underReplicatedRolls = 0;
        }
        return roll;
    }

    private void open() throws IOException {
        String name = prefix + "." + (++fileCounter)
                + (settings.fileSuffix().isEmpty() ? format.extension() : settings.fileSuffix());
        inUse = new Path(directory + "/" + settings.inUsePrefix() + name + settings.inUseSuffix());
        target = new Path(directory + "/" + name);
        try {
            fs = calls.fileSystem(inUse);
            file = format.open(fs.create(inUse), calls.conf());
            wantedReplicas = settings.minBlockReplicas() >= 0 ? settings.minBlockReplicas()
                    : fs.getDefaultReplication(inUse);
        } catch (IOException | RuntimeException e) {
            counter.increment(ConnectionFailedCount);
            file = null;
            throw e;
        }
        LOG.info("[{}] creating {}", label, inUse);
        counter.increment(ConnectionCreatedCount);
        events = 0;
        bytes = 0;
        unsynced = 0;
        if (settings.rollIntervalSeconds() > 0) {
            rollTimer = calls.timers().schedule(() -> timed("rollInterval"), settings.rollIntervalSeconds(),
                    TimeUnit.SECONDS);
        }
    }

    /** A roll or idle timer fired: close the file (as a Hadoop call) and drop the bucket. */
    private void timed(String why) {
        try {
            calls.call("closing " + inUse + " (" + why + ")", () -> {
                closeForGood(false);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("[{}] closing {} on {} failed: {}", label, inUse, why, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the file and renames it, and makes this bucket unusable (the sink creates a new one for its next
     * event).
     *
     * @param immediate no close retries (stopping, or after a failed write)
     */
    synchronized void closeForGood(boolean immediate) {
        if (!closedForGood) {
            closedForGood = true;
            onClosed.accept(this);
        }
        closeFile(immediate);
    }

    /**
     * Flume's doClose: flush, close (retried each retryInterval up to closeTries), rename to the final name once
     * closed. A file that cannot be closed keeps its in-use name (Flume renames it anyway): it may end in a record
     * cut short, and its events were rolled back and written again elsewhere.
     */
    private void closeFile(boolean immediate) {
        cancel(rollTimer);
        cancel(idleTimer);
        rollTimer = null;
        idleTimer = null;
        if (file == null) {
            return;
        }
        OpenFile closing = file;
        file = null;
        try {
            closing.sync();
        } catch (IOException e) {
            LOG.warn("[{}] flush before closing {} failed: {}", label, inUse, e.toString());
        }
        new CloseAttempt(closing, fs, inUse).run(immediate);
    }

    private void rename(FileSystem fs, Path from, Path to, int attempt) {
        if (from.equals(to)) {
            return;
        }
        try {
            if (fs.exists(from)) {
                LOG.info("[{}] renaming {} to {}", label, from, to);
                fs.rename(from, to);
            }
        } catch (IOException | RuntimeException e) {
            counter.increment(ConnectionFailedCount);
            if (retries(attempt)) {
                LOG.warn("[{}] renaming {} failed ({}); trying again in {} s", label, from, e.toString(),
                        settings.retryIntervalSeconds());
                retryLater(() -> rename(fs, from, to, attempt + 1));
            } else {
                LOG.error("[{}] renaming {} failed {} times; it keeps its in-use name", label, from, attempt);
            }
        }
    }

    private boolean retries(int attempt) {
        return settings.retryIntervalSeconds() > 0 && (settings.closeTries() == 0 || attempt < settings.closeTries());
    }

    private void retryLater(Runnable action) {
        try {
            calls.timers().schedule(() -> {
                try {
                    calls.call("retrying on " + inUse, () -> {
                        action.run();
                        return null;
                    });
                } catch (IOException | RuntimeException e) {
                    LOG.warn("[{}] retry failed: {}", label, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, settings.retryIntervalSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.warn("[{}] the sink is stopping: no more retries for {}", label, inUse);
        }
    }

    /** One file's close, retried as Flume's CloseHandler; when out of tries, HDFS lease recovery closes it. */
    private final class CloseAttempt {
        private final OpenFile closing;
        private final FileSystem fs;
        private final Path path;
        private int tries;

        CloseAttempt(OpenFile closing, FileSystem fs, Path path) {
            this.closing = closing;
            this.fs = fs;
            this.path = path;
        }

        void run(boolean immediate) {
            tries++;
            try {
                closing.close();
                counter.increment(ConnectionClosedCount);
                rename(fs, path, target, 1);
            } catch (IOException | RuntimeException e) {
                if (!immediate && retries(tries)) {
                    LOG.warn("[{}] closing {} failed ({}); trying again in {} s", label, path, e.toString(),
                            settings.retryIntervalSeconds());
                    retryLater(() -> run(false));
                } else {
                    LOG.warn("[{}] closing {} failed ({}); recovering its lease; it keeps its in-use name", label,
                            path, e.toString());
                    counter.increment(ConnectionFailedCount);
                    recoverLease();
                }
            }
        }

        private void recoverLease() {
            if (fs instanceof DistributedFileSystem dfs) {
                try {
                    dfs.recoverLease(path);
                } catch (IOException e) {
                    LOG.warn("[{}] lease recovery of {} failed: {}", label, path, e.toString());
                }
            }
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return directory + "/" + prefix;
    }
}

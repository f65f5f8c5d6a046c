package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.millrace.api.BasicTransaction;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelLock;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Resource;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.ChannelCounter.Name.CheckpointBackupWriteErrorCount;
import static org.millrace.api.ChannelCounter.Name.CheckpointWriteErrorCount;
import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutErrorCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeErrorCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

/**
 * Flume's file channel, on a log of whole transactions. A commit encodes its puts and the pointers of its takes
 * as one checksummed record, appends it and applies it to the in-memory queue of event pointers under one lock,
 * then waits outside the lock for the fsync that covers it, shared with every commit waiting at that moment.
 * Takes read event data back from the log files (from the page cache, mostly). Checkpoints snapshot the queue so
 * that a restart replays only the log written since; log files older than the checkpoint and the oldest event
 * still held are deleted.
 */
final class FileChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannel.class);

    /** Validated settings. */
    record Settings(Path checkpointDir, Path backupCheckpointDir, List<Path> dataDirs, int capacity,
            int transactionCapacity, int keepAliveSeconds, long checkpointIntervalMillis, long maxFileSize,
            long minimumRequiredSpace, boolean checkpointOnClose, boolean fsyncPerTransaction,
            int fsyncIntervalSeconds) {

        /** Whether a channel on {@code other} uses the same files. */
        boolean sameStorage(Settings other) {
            return checkpointDir.equals(other.checkpointDir) && dataDirs.equals(other.dataDirs)
                    && Objects.equals(backupCheckpointDir, other.backupCheckpointDir);
        }

        /** The directories the channel's files are in. */
        List<Resource> directories() {
            List<Resource> out = new ArrayList<>();
            out.add(Resource.directory(checkpointDir));
            if (backupCheckpointDir != null) {
                out.add(Resource.directory(backupCheckpointDir));
            }
            dataDirs.forEach(d -> out.add(Resource.directory(d)));
            return out;
        }
    }

    private volatile Settings settings;
    private final ChannelLock lock = new ChannelLock();
    private final Condition roomFreed = lock.newCondition();
    /** Pointers of committed events not taken, head first. Guarded by lock. */
    private final LongRing queue = new LongRing();
    /** Transactions holding taken, uncommitted events: their events are still the channel's. Guarded by lock. */
    private final Set<FileTransaction> takers = new LinkedHashSet<>();
    /** Queue plus taken-uncommitted events. Guarded by lock. */
    private long used;
    private final Object checkpointing = new Object();
    /** As many as transactions were ever open at once. */
    private final ConcurrentLinkedQueue<Scratch> spareScratch = new ConcurrentLinkedQueue<>();
    private final List<DirectoryLock> locks = new ArrayList<>();
    private String label = "file channel";
    private ChannelCounter counter = new ChannelCounter();
    private EventLog log;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> checkpoints;
    private ScheduledFuture<?> syncs;

    private final Disk disk;

    FileChannel(Settings settings) {
        this(settings, Disk.LOCAL);
    }

    /** A channel on {@code disk} (the power-loss test's; else the local file system). */
    FileChannel(Settings settings, Disk disk) {
        this.settings = settings;
        this.disk = disk;
    }

    @Override
    public void start(ChannelContext context) throws Exception {
        label = context.agentName() + "/" + context.componentName();
        counter = context.counter();
        Settings s = settings;
        try {
            locks.add(DirectoryLock.acquire(s.checkpointDir()));
            if (s.backupCheckpointDir() != null) {
                locks.add(DirectoryLock.acquire(s.backupCheckpointDir()));
            }
            for (Path dir : s.dataDirs()) {
                locks.add(DirectoryLock.acquire(dir));
            }
            log = new EventLog(label, s.dataDirs(), s.maxFileSize(), s.minimumRequiredSpace(), disk);
            log.open();
            long began = System.nanoTime();
            long replayed = recover(s);
            log.startAppending();
            LOG.info("[{}] file channel started with {} events ({} records replayed in {} ms); checkpoints in {},"
                    + " logs in {}", label, used, replayed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                    s.checkpointDir(), s.dataDirs());
            counter.setChannelCapacity(s.capacity());
            counter.setChannelSize(used);
            checkpoint(); // the replayed state, so the next start need not replay it again
        } catch (Exception | Error e) {
            release();
            throw e;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "millrace-" + label.replace('/', '-') + "-checkpoint");
            t.setDaemon(true);
            return t;
        });
        schedule(s);
    }

    private void schedule(Settings s) {
        if (checkpoints != null) {
            checkpoints.cancel(false);
        }
        checkpoints = timer.scheduleWithFixedDelay(this::checkpointQuietly, s.checkpointIntervalMillis(),
                s.checkpointIntervalMillis(), TimeUnit.MILLISECONDS);
        if (syncs != null) {
            syncs.cancel(false);
            syncs = null;
        }
        if (!s.fsyncPerTransaction()) {
            syncs = timer.scheduleWithFixedDelay(this::syncQuietly, s.fsyncIntervalSeconds(),
                    s.fsyncIntervalSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * Rebuilds the queue from the newest readable checkpoint and the log written after it; returns the number of
     * records replayed.
     */
    private long recover(Settings s) throws IOException {
        Checkpoint start = readCheckpoint(s.checkpointDir(), "checkpoint");
        if (start == null && s.backupCheckpointDir() != null) {
            start = readCheckpoint(s.backupCheckpointDir(), "backup checkpoint");
        }
        List<Integer> files = log.fileIds();
        if (start == null) {
            if (!files.isEmpty()) {
                LOG.warn("[{}] no usable checkpoint: replaying all {} log files", label, files.size());
            }
            start = new Checkpoint(LogRecord.pointer(files.isEmpty() ? 0 : files.get(0), 0), new long[0]);
        }
        List<Long> missing = new ArrayList<>();
        LongList events = new LongList(start.pointers().length);
        for (long p : start.pointers()) {
            if (files.contains(LogRecord.fileOf(p))) {
                events.add(p);
            } else {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            LOG.error("[{}] {} events of the checkpoint are in log files that are gone (e.g. file {}): they cannot"
                    + " be delivered", label, missing.size(), LogRecord.fileOf(missing.get(0)));
        }
        Set<Long> taken = new HashSet<>();
        long[] records = {0};
        log.replay(start.logPosition(), (position, payload) -> {
            LogRecord.putPointers(payload, position, events::add);
            LogRecord.takePointers(payload, taken::add);
            records[0]++;
        });
        for (int i = 0; i < events.size(); i++) {
            long p = events.get(i);
            if (!taken.remove(p)) {
                queue.addLast(p);
            }
        }
        used = queue.size();
        return records[0];
    }

    private Checkpoint readCheckpoint(Path dir, String what) {
        if (!Checkpoint.exists(dir)) {
            return null;
        }
        try {
            return Checkpoint.read(dir);
        } catch (IOException e) {
            LOG.warn("[{}] {} unusable: {}", label, what, e.getMessage());
            return null;
        }
    }

    /**
     * Writes a checkpoint: the queue with the events of open takes in front, and the log position it reflects,
     * once the log is synced up to there. Then deletes the log files nothing needs any more.
     */
    void checkpoint() throws IOException {
        synchronized (checkpointing) {
            long position;
            long[] held;
            lock.lock();
            try {
                position = log.position();
                int inTakes = 0;
                for (FileTransaction t : takers) {
                    inTakes += t.takeCount;
                }
                held = new long[inTakes + queue.size()];
                int at = 0;
                for (FileTransaction t : takers) {
                    System.arraycopy(t.takes, 0, held, at, t.takeCount);
                    at += t.takeCount;
                }
                queue.copyTo(held, at);
            } finally {
                lock.unlock();
            }
            log.sync(position);
            Checkpoint checkpoint = new Checkpoint(position, held);
            Settings s = settings;
            try {
                checkpoint.write(s.checkpointDir(), disk);
            } catch (IOException e) {
                counter.increment(CheckpointWriteErrorCount);
                throw e;
            }
            if (s.backupCheckpointDir() != null) {
                try {
                    checkpoint.write(s.backupCheckpointDir(), disk);
                } catch (IOException e) {
                    counter.increment(CheckpointBackupWriteErrorCount);
                    LOG.warn("[{}] backup checkpoint not written: {}", label, e.toString());
                    return; // the older backup may still need the older log files
                }
            }
            // by the checkpoint just written, not by the queue of now: a file is deleted only when no checkpoint
            // that may be read after a crash points into it
            int oldestHeld = LogRecord.fileOf(position);
            for (long p : held) {
                oldestHeld = Math.min(oldestHeld, LogRecord.fileOf(p));
            }
            log.deleteBefore(oldestHeld);
        }
    }

    /** The end of the log: file id and offset. */
    long logPosition() {
        return log.position();
    }

    /** The fsyncs made for commits so far; concurrent commits share them. */
    long syncs() {
        return log.syncs();
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.error("[{}] checkpoint failed: {}", label, e.toString(), e);
        }
    }

    private void syncQuietly() {
        try {
            log.sync(log.position());
        } catch (IOException e) {
            LOG.error("[{}] log sync failed: {}", label, e.toString(), e);
        }
    }

    @Override
    public Transaction newTransaction() {
        return new FileTransaction(settings);
    }

    @Override
    public long size() {
        return lock.read(() -> used);
    }

    @Override
    public int transactionCapacity() {
        return settings.transactionCapacity();
    }

    @Override
    public boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        return lock.awaitEvents(() -> queue.size() == 0, timeoutMillis);
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    /** Everything but the directories changes in place; new directories need a new channel. */
    @Override
    public List<Resource> resources() {
        return settings.directories();
    }

    /** Limits and timings change in place; other directories need a new channel. */
    @Override
    public boolean canReconfigure(ComponentConfig config) {
        try {
            return FileChannelFactory.settings(config).sameStorage(settings);
        } catch (ConfigurationException e) {
            return false;
        }
    }

    @Override
    public boolean reconfigure(ComponentConfig config) throws ConfigurationException {
        Settings next = FileChannelFactory.settings(config);
        Settings current = settings;
        if (!next.sameStorage(current)) {
            LOG.warn("[{}] moves to other directories; the {} events held stay in {} and {} until a file channel"
                    + " on those directories delivers them", label, size(), current.checkpointDir(),
                    current.dataDirs());
            return false;
        }
        lock.lock();
        try {
            settings = next;
            counter.setChannelCapacity(next.capacity());
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        log.limits(next.maxFileSize(), next.minimumRequiredSpace());
        if (next.checkpointIntervalMillis() != current.checkpointIntervalMillis()
                || next.fsyncPerTransaction() != current.fsyncPerTransaction()
                || next.fsyncIntervalSeconds() != current.fsyncIntervalSeconds()) {
            schedule(next);
        }
        return true;
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (log != null && settings.checkpointOnClose()) {
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                LOG.error("[{}] checkpoint on close failed; the next start replays the log: {}", label,
                        e.toString());
            }
        } else if (log != null) {
            syncQuietly();
        }
        release();
        LOG.info("[{}] file channel stopped with {} events on disk", label, used);
    }

    private void release() {
        if (log != null) {
            log.close();
        }
        for (DirectoryLock l : locks) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.warn("[{}] could not release a directory lock: {}", label, e.toString());
            }
        }
        locks.clear();
    }

    /** Buffers a transaction borrows, so that a batch does not allocate and zero a few hundred KB each time. */
    private static final class Scratch {
        final LogRecord record = new LogRecord();
        ByteBuffer reads = ByteBuffer.allocate(256 * 1024);
    }

    /** A file channel transaction; settings are fixed for its lifetime. */
    private final class FileTransaction extends BasicTransaction {
        private final Settings limits;
        private final ArrayList<Event> puts = new ArrayList<>();
        private long[] takes = new long[16];
        private int takeCount;
        /** Whether the commit changed the queue, so that only durability is left to a failed commit. */
        private boolean applied;
        private Scratch scratch;

        FileTransaction(Settings limits) {
            this.limits = limits;
        }

        @Override
        protected void doPut(Event event) {
            counter.increment(EventPutAttemptCount);
            if (puts.size() >= limits.transactionCapacity()) {
                throw putListFull();
            }
            puts.add(event);
        }

        @Override
        protected void doPutAll(List<Event> events) {
            counter.add(EventPutAttemptCount, events.size());
            if (puts.size() + events.size() > limits.transactionCapacity()) {
                throw putListFull();
            }
            puts.addAll(events);
        }

        private ChannelException putListFull() {
            return new ChannelException("Put queue for FileBackedTransaction of capacity "
                    + limits.transactionCapacity() + " full, consider committing more frequently, increasing"
                    + " capacity or increasing thread count. [channel=" + label + "]");
        }

        @Override
        protected int doTake(int max, List<Event> into) {
            int room = limits.transactionCapacity() - takeCount;
            if (room <= 0 && max > 0) {
                throw new ChannelException("Take list for FileBackedTransaction, capacity "
                        + limits.transactionCapacity() + " full, consider committing more frequently, increasing"
                        + " capacity, or increasing thread count. [channel=" + label + "]");
            }
            int wanted = Math.min(max, room);
            int first = takeCount;
            lock.lock();
            try {
                int n = Math.min(wanted, queue.size());
                if (takes.length < takeCount + n) {
                    takes = Arrays.copyOf(takes, Math.max(takes.length * 2, takeCount + n));
                }
                for (int i = 0; i < n; i++) {
                    takes[takeCount++] = queue.removeFirst();
                }
                if (n > 0) {
                    takers.add(this);
                }
            } finally {
                lock.unlock();
            }
            int taken = takeCount - first;
            counter.add(EventTakeAttemptCount, taken < wanted ? taken + 1 : taken);
            try {
                readEvents(first, into);
            } catch (IOException | RuntimeException e) {
                counter.increment(EventTakeErrorCount);
                throw new ChannelException("[" + label + "] cannot read taken events back from the log: " + e, e);
            }
            return taken;
        }

        /** Reads the events of takes[from..] into {@code into}, one file read for each run of neighbouring events. */
        private void readEvents(int from, List<Event> into) throws IOException {
            Scratch buffers = scratch();
            long bufferStart = -1;
            for (int i = from; i < takeCount; i++) {
                long p = takes[i];
                long offsetInBuffer = p - bufferStart;
                ByteBuffer reads = buffers.reads;
                if (bufferStart < 0 || offsetInBuffer < 0 || offsetInBuffer + 4 > reads.limit()
                        || offsetInBuffer + 4 + reads.getInt((int) offsetInBuffer) > reads.limit()) {
                    reads = fill(buffers, p);
                    bufferStart = p;
                    offsetInBuffer = 0;
                }
                reads.position((int) offsetInBuffer);
                into.add(LogRecord.readEvent(reads));
            }
        }

        /** Reads from pointer {@code p} on into the read buffer, enlarged if its event does not fit. */
        private ByteBuffer fill(Scratch buffers, long p) throws IOException {
            ByteBuffer reads = buffers.reads.clear();
            log.read(p, reads);
            reads.flip();
            int length = reads.limit() >= 4 ? reads.getInt(0) : -1;
            if (length < 8) {
                throw new IOException("no event at file " + LogRecord.fileOf(p) + " offset " + LogRecord.offsetOf(p));
            }
            if (length + 4 > reads.limit()) {
                reads = ByteBuffer.allocate(Math.max(reads.capacity(), length + 4));
                buffers.reads = reads;
                log.read(p, reads);
                reads.flip();
                if (length + 4 > reads.limit()) {
                    throw new IOException("event at file " + LogRecord.fileOf(p) + " offset " + LogRecord.offsetOf(p)
                            + " is cut short");
                }
            }
            return reads;
        }

        @Override
        protected void doCommit() {
            if (puts.isEmpty() && takeCount == 0) {
                return;
            }
            LogRecord record = scratch().record;
            ByteBuffer bytes = record.encode(puts, takes, takeCount);
            long end;
            try {
                end = appendAndApply(record, bytes);
            } catch (IOException e) {
                counter.increment(puts.isEmpty() ? EventTakeErrorCount : EventPutErrorCount);
                throw new ChannelException("[" + label + "] commit failed writing the log: " + e, e);
            } catch (ChannelException e) {
                if (!puts.isEmpty()) {
                    counter.increment(EventPutErrorCount);
                }
                throw e;
            }
            if (limits.fsyncPerTransaction()) {
                try {
                    log.sync(end);
                } catch (IOException e) {
                    counter.increment(puts.isEmpty() ? EventTakeErrorCount : EventPutErrorCount);
                    throw new ChannelException("[" + label + "] commit written but not synced to disk: " + e, e);
                }
            }
            counter.add(EventPutSuccessCount, puts.size());
            counter.add(EventTakeSuccessCount, takeCount);
            puts.clear();
            takeCount = 0;
        }

        /** Appends the record and applies it to the queue, atomically for checkpoints; returns the log's end. */
        private long appendAndApply(LogRecord record, ByteBuffer bytes) throws IOException {
            int delta = puts.size() - takeCount;
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelException("interrupted while committing", e);
            }
            try {
                awaitRoom(delta);
                long position = log.append(bytes, !puts.isEmpty());
                for (int i = 0; i < puts.size(); i++) {
                    queue.addLast(record.putPointer(position, i));
                }
                if (!puts.isEmpty()) {
                    lock.signalEvents();
                }
                if (takeCount > 0) {
                    takers.remove(this);
                    roomFreed.signalAll();
                }
                used += delta;
                applied = true;
                counter.setChannelSize(used);
                return log.position();
            } finally {
                lock.unlock();
            }
        }

        /** Waits up to keep-alive for room for what this commit adds; holds the lock. */
        private void awaitRoom(int delta) {
            long nanos = TimeUnit.SECONDS.toNanos(limits.keepAliveSeconds());
            while (delta > 0 && used + delta > settings.capacity()) {
                if (nanos <= 0) {
                    throw new ChannelFullException("The channel has reached it's capacity. This might be the result"
                            + " of a sink on the channel having too low of batch size, a downstream system running"
                            + " slower than normal, or that the channel capacity is just too low. [channel="
                            + label + "]");
                }
                try {
                    nanos = roomFreed.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException("interrupted while waiting for room in the channel", e);
                }
            }
        }

        @Override
        protected void doRollback() {
            if (applied) {
                // the commit reached the queue but its sync failed: nothing to undo in memory
                return;
            }
            if (takeCount > 0) {
                lock.lock();
                try {
                    for (int i = takeCount - 1; i >= 0; i--) {
                        queue.addFirst(takes[i]);
                    }
                    takers.remove(this);
                    lock.signalEvents();
                } finally {
                    lock.unlock();
                }
            }
            puts.clear();
            takeCount = 0;
        }

        @Override
        protected void doClose() {
            if (scratch != null) {
                spareScratch.offer(scratch);
                scratch = null;
            }
        }

        private Scratch scratch() {
            if (scratch == null) {
                scratch = spareScratch.poll();
                if (scratch == null) {
                    scratch = new Scratch();
                }
            }
            return scratch;
        }

    }

    /** A growable list of longs. */
    static final class LongList {
        private long[] items;
        private int size;

        LongList(int capacity) {
            items = new long[Math.max(capacity, 16)];
        }

        void add(long value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }

        long get(int i) {
            return items[i];
        }

        int size() {
            return size;
        }
    }
}

package org.millrace.channel.file.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.api.ChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: numbered files {@code millrace-<id>.log}, written one after the other and spread round-robin
 * over the data directories. Appends are serialised by the caller; {@link #sync(long)} makes everything appended up
 * to a position durable and shares one fsync among every committer waiting at that moment (group commit).
 * Positions are {@link LogRecord#pointer pointers}: file id and offset, increasing with every append.
 */
final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final int MAGIC = 0x4d524c47; // "MRLG"
    private static final int VERSION = 1;
    /** File header: magic, version, file id. */
    static final int FILE_HEADER_BYTES = 12;
    private static final Pattern NAME = Pattern.compile("millrace-(\\d+)\\.log");
    private static final Pattern FLUME_NAME = Pattern.compile("log-\\d+");

    private final String label;
    private final List<Path> dataDirs;
    private final Disk disk;
    private final ConcurrentSkipListMap<Integer, LogFile> files = new ConcurrentSkipListMap<>();
    private volatile long maxFileSize;
    private volatile long minimumRequiredSpace;
    /** The file appended to, and the position after its last append; owned by the appending caller. */
    private volatile int activeId;
    private FileChannel active;
    private FileStore activeStore;
    private volatile long written;
    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile long synced;
    private volatile long syncs;
    private static final long ALLOCATION_CHUNK = 16 << 20;
    private final ExecutorService allocator;
    private final Object allocation = new Object();
    /** Offset in the active file up to which blocks hold data or zeros. Guarded by allocation. */
    private long allocated;
    /** Whether zeros are being written into [allocated, zeroEnd) of file zeroFile. Guarded by allocation. */
    private boolean zeroing;
    private int zeroFile;
    private long zeroEnd;
    private boolean closed;

    EventLog(String label, List<Path> dataDirs, long maxFileSize, long minimumRequiredSpace, Disk disk) {
        this.label = label;
        this.disk = disk;
        this.dataDirs = dataDirs;
        this.maxFileSize = maxFileSize;
        this.minimumRequiredSpace = minimumRequiredSpace;
        this.allocator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "millrace-" + label.replace('/', '-') + "-allocate");
            t.setDaemon(true);
            return t;
        });
    }

    void limits(long maxFileSize, long minimumRequiredSpace) {
        this.maxFileSize = maxFileSize;
        this.minimumRequiredSpace = minimumRequiredSpace;
    }

    /** Finds the log files of earlier runs; a Flume log in a data directory is reported, never touched. */
    void open() throws IOException {
        for (Path dir : dataDirs) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
                for (Path file : listing) {
                    String name = file.getFileName().toString();
                    Matcher m = NAME.matcher(name);
                    if (m.matches()) {
                        int id = Integer.parseInt(m.group(1));
                        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                        if (!hasHeader(channel, id)) {
                            channel.close();
                            throw new ChannelException(file + " is not a Millrace file channel log (wrong header)");
                        }
                        files.put(id, new LogFile(file, channel));
                    } else if (name.startsWith("millrace-") && name.endsWith(".log.tmp")) {
                        disk.delete(file); // a log file whose creation a crash interrupted: it holds nothing
                    } else if (FLUME_NAME.matcher(name).matches()) {
                        LOG.warn("[{}] {} looks like a Flume file channel log; Millrace does not read Flume's format"
                                + " and leaves it alone. Drain it with Flume, or give this channel other dataDirs.",
                                label, file);
                    }
                }
            }
        }
    }

    private static boolean hasHeader(FileChannel channel, int id) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
        readFully(channel, header, 0);
        return !header.hasRemaining() && header.getInt(0) == MAGIC && header.getInt(4) == VERSION
                && header.getInt(8) == id;
    }

    /** Ids of the log files, oldest first. */
    List<Integer> fileIds() {
        return new ArrayList<>(files.keySet());
    }

    /** Starts a new file for appends, after every file found. */
    void startAppending() throws IOException {
        int last = files.isEmpty() ? 0 : files.lastKey();
        roll(last + 1);
    }

    private void roll(int id) throws IOException {
        if (active != null) {
            active.force(false); // what the old file holds must be durable before the sync position moves on
            synced = Math.max(synced, written);
        }
        Path dir = dataDirs.get(id % dataDirs.size());
        Path path = dir.resolve("millrace-" + id + ".log");
        Path temp = dir.resolve(path.getFileName() + ".tmp");
        FileChannel channel = disk.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putInt(id).flip();
        while (header.hasRemaining()) {
            channel.write(header);
        }
        channel.force(true);
        // renamed only once whole: a crash never leaves a log file without its header
        disk.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        disk.syncDirectory(dir);
        files.put(id, new LogFile(path, channel));
        activeId = id;
        active = channel;
        activeStore = Files.getFileStore(dir);
        written = LogRecord.pointer(id, FILE_HEADER_BYTES);
        synchronized (allocation) {
            allocated = FILE_HEADER_BYTES;
        }
    }

    /**
     * Appends a record; returns its position. The caller serialises appends. A failed append leaves the log as it
     * was: a partial write is cut off again.
     *
     * @param holdsPuts whether the record adds events: only those are refused for want of space, so that takes,
     *        which free it, go on
     * @throws ChannelException if the disk holds less than {@code minimumRequiredSpace} after this record
     */
    long append(ByteBuffer record, boolean holdsPuts) throws IOException {
        long offset = LogRecord.offsetOf(written) & 0xffffffffL;
        if (offset > FILE_HEADER_BYTES && offset + record.remaining() > maxFileSize) {
            roll(activeId + 1);
            offset = FILE_HEADER_BYTES;
        }
        long usable = holdsPuts ? activeStore.getUsableSpace() : Long.MAX_VALUE;
        if (usable - record.remaining() < minimumRequiredSpace) {
            throw new ChannelException("Usable space exhausted, only " + usable + " bytes remaining, required "
                    + (minimumRequiredSpace + record.remaining()) + " bytes (minimumRequiredSpace "
                    + minimumRequiredSpace + ") in " + files.get(activeId).path().getParent());
        }
        if (offset + record.remaining() > Integer.MAX_VALUE) {
            throw new ChannelException("a record of " + record.remaining() + " bytes does not fit in a log file");
        }
        long end = offset + record.remaining();
        awaitAllocated(offset, end);
        long position = written;
        while (record.hasRemaining()) {
            // on failure nothing advances: the next append overwrites the remains, and replay stops at them
            active.write(record, offset + record.position()); // the record starts at position 0
        }
        written = LogRecord.pointer(activeId, end);
        return position;
    }

    /**
     * Appends go to blocks allocated ahead, so that an fdatasync writes data only, not also the file's new size:
     * about half the latency of syncing a growing file. Zeros are written ahead in the background; an append that
     * overtakes them grows the file itself, but never writes where zeros are still being written.
     */
    private void awaitAllocated(long offset, long end) throws IOException {
        synchronized (allocation) {
            while (zeroing && zeroFile == activeId && end > allocated && offset < zeroEnd) {
                try {
                    allocation.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for log space");
                }
            }
            allocated = Math.max(allocated, end);
            if (!zeroing && allocated - end < ALLOCATION_CHUNK / 2 && allocated < maxFileSize && !closed) {
                zeroing = true;
                zeroFile = activeId;
                long from = allocated;
                long to = Math.min(maxFileSize, from + ALLOCATION_CHUNK);
                zeroEnd = to;
                FileChannel file = active;
                int id = activeId;
                allocator.execute(() -> allocate(file, id, from, to));
            }
        }
    }

    private void allocate(FileChannel file, int id, long from, long to) {
        try {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(1 << 20, to - from));
            for (long at = from; at < to; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                at += file.write(zeros, at);
            }
            file.force(true);
        } catch (IOException e) {
            LOG.debug("[{}] allocating log file {} ahead failed: {}", label, id, e.toString());
        } finally {
            synchronized (allocation) {
                if (id == zeroFile && id == activeId) {
                    allocated = Math.max(allocated, to);
                }
                zeroing = false;
                allocation.notifyAll();
            }
        }
    }

    /** The position after the last append. */
    long position() {
        return written;
    }

    /**
     * Returns once everything appended before {@code upTo} is on disk. Callers arriving while an fsync runs wait
     * for it and are then usually covered by the next one, which serves them all.
     */
    void sync(long upTo) throws IOException {
        if (synced >= upTo) {
            return;
        }
        syncLock.lock();
        try {
            if (synced >= upTo) {
                return;
            }
            long target = written;
            FileChannel channel = files.get(LogRecord.fileOf(target)).channel();
            channel.force(false);
            syncs++;
            synced = Math.max(synced, target);
        } finally {
            syncLock.unlock();
        }
    }

    /** The fsyncs made for commits so far. */
    long syncs() {
        return syncs;
    }

    /** Reads into {@code into} from a pointer's file at its offset, up to what the file holds. */
    void read(long pointer, ByteBuffer into) throws IOException {
        LogFile file = files.get(LogRecord.fileOf(pointer));
        if (file == null) {
            throw new IOException("log file " + LogRecord.fileOf(pointer) + " is gone");
        }
        readFully(file.channel(), into, LogRecord.offsetOf(pointer) & 0xffffffffL);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    /**
     * Replays every complete record from {@code from} on, oldest first. A record whose length or checksum does not
     * hold ends the replay of its file: the rest of that file is reported and skipped, never mis-read.
     */
    void replay(long from, RecordVisitor visitor) throws IOException {
        for (int id : fileIds()) {
            if (id < LogRecord.fileOf(from)) {
                continue;
            }
            long start = id == LogRecord.fileOf(from) ? LogRecord.offsetOf(from) & 0xffffffffL : FILE_HEADER_BYTES;
            replayFile(id, Math.max(start, FILE_HEADER_BYTES), visitor);
        }
    }

    private void replayFile(int id, long start, RecordVisitor visitor) throws IOException {
        FileChannel channel = files.get(id).channel();
        long size = channel.size();
        long at = start;
        ByteBuffer header = ByteBuffer.allocate(LogRecord.HEADER_BYTES);
        ByteBuffer payload = ByteBuffer.allocate(1 << 20);
        while (at < size) {
            header.clear();
            readFully(channel, header, at);
            if (allZero(header)) {
                return; // the end of what was written: blocks allocated ahead hold zeros, up to the file's end
            }
            int length = header.getInt(0);
            if (header.hasRemaining() || length < 8 || at + LogRecord.HEADER_BYTES + length > size) {
                skipped(id, at, size, "torn record");
                return;
            }
            if (payload.capacity() < length) {
                payload = ByteBuffer.allocate(length);
            }
            payload.clear().limit(length);
            readFully(channel, payload, at + LogRecord.HEADER_BYTES);
            payload.flip();
            if (!LogRecord.isValid(payload, header.getInt(4))) {
                skipped(id, at, size, "record whose checksum does not match");
                return;
            }
            visitor.record(LogRecord.pointer(id, at), payload);
            at += LogRecord.HEADER_BYTES + length;
        }
    }

    private static boolean allZero(ByteBuffer read) {
        for (int i = 0; i < read.position(); i++) {
            if (read.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void skipped(int id, long at, long size, String what) {
        LOG.warn("[{}] {}: {} at offset {}; the last {} bytes of this file are skipped (a commit that never"
                + " returned, cut off by a crash, or damage on disk)", label, files.get(id).path(), what, at, size - at);
    }

    /** A log file of this log, open for reading (the active one also for appends). */
    private record LogFile(Path path, FileChannel channel) {
    }

    /** One replayed record: its position and its checked payload (valid during the call). */
    @FunctionalInterface
    interface RecordVisitor {
        void record(long position, ByteBuffer payload);
    }

    /** Deletes every file older than {@code id}, the active one never. */
    void deleteBefore(int id) {
        for (int old : fileIds()) {
            if (old >= id || old >= activeId) {
                break;
            }
            LogFile file = files.remove(old);
            try {
                file.channel().close();
                disk.delete(file.path());
                LOG.debug("[{}] deleted {}: every event in it is taken", label, file.path());
            } catch (IOException e) {
                LOG.warn("[{}] could not delete {}: {}", label, file.path(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (allocation) {
            closed = true;
        }
        allocator.shutdown();
        try {
            allocator.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogFile file : files.values()) {
            try {
                file.channel().close();
            } catch (IOException e) {
                LOG.warn("[{}] closing a log file failed: {}", label, e.toString());
            }
        }
        files.clear();
    }
}

package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A disk that can lose power, for the file channel: it keeps, beside the real files, what a sync made durable —
 * a file's content as of its last fsync/fdatasync, a directory's entries (files created, renamed, deleted) as of
 * its last sync — and the writes since. {@link #cut} stops every further operation; {@link #image} then rewrites
 * the directories as the disk would come back: only durable entries, each with its durable content plus a random
 * number of the writes that followed, the last of them possibly torn at a random byte.
 */
final class PowerCutDisk implements Disk {
    /** What it takes to make a disk that lies: the mutations the test proves it would catch. */
    enum Lie {
        /** None: the disk keeps what was synced. */
        NONE,
        /** Syncs of directories do nothing: renames and new files are never durable. */
        DIRECTORY_SYNCS
    }

    /** One file (an inode): durable content and the writes since. */
    private static final class Node {
        byte[] durable = new byte[0];
        final List<Object> pending = new ArrayList<>(); // Write or Long (truncate to)
    }

    private record Write(long position, byte[] bytes) {
    }

    private final Object lock = new Object();
    private final List<Path> dirs;
    private final Lie lie;
    private final Map<Path, Node> current = new HashMap<>();
    private final Map<Path, Map<String, Node>> durableEntries = new HashMap<>();
    private boolean off;

    /** A disk over these directories (created if needed), whose files now are all durable. */
    PowerCutDisk(List<Path> dirs, Lie lie) throws IOException {
        this.dirs = dirs;
        this.lie = lie;
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            Map<String, Node> entries = new HashMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Node node = new Node();
                    node.durable = Files.readAllBytes(f);
                    current.put(key(f), node);
                    entries.put(f.getFileName().toString(), node);
                }
            }
            durableEntries.put(key(dir), entries);
        }
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private void check() throws IOException {
        if (off) {
            throw new IOException("the power is off");
        }
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        synchronized (lock) {
            check();
            FileChannel real = FileChannel.open(file, options);
            Node node = current.computeIfAbsent(key(file), k -> new Node());
            if (Arrays.asList(options).contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                node.pending.add(0L);
            }
            return new Recording(real, node);
        }
    }

    @Override
    public void move(Path from, Path to, CopyOption... options) throws IOException {
        synchronized (lock) {
            check();
            Files.move(from, to, options);
            Node node = current.remove(key(from));
            current.put(key(to), node == null ? new Node() : node);
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        synchronized (lock) {
            check();
            Files.deleteIfExists(file);
            current.remove(key(file));
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        synchronized (lock) {
            check();
            if (lie == Lie.DIRECTORY_SYNCS) {
                return;
            }
            Map<String, Node> entries = new HashMap<>();
            current.forEach((path, node) -> {
                if (path.getParent().equals(key(dir))) {
                    entries.put(path.getFileName().toString(), node);
                }
            });
            durableEntries.put(key(dir), entries);
        }
    }

    /** Cuts the power: every operation from now on fails, as on a machine that is off. */
    void cut() {
        synchronized (lock) {
            off = true;
        }
    }

    /**
     * Rewrites the directories as the disk comes back after the cut (call once the channel is stopped): durable
     * entries only, each file durable content plus, if {@code keepSomeUnsynced}, a random run of the writes that
     * followed, the last one maybe torn.
     */
    void image(Random random, boolean keepSomeUnsynced) throws IOException {
        synchronized (lock) {
            for (Path dir : dirs) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.delete(f);
                    }
                }
                for (Map.Entry<String, Node> e : durableEntries.getOrDefault(key(dir), Map.of()).entrySet()) {
                    Node node = e.getValue();
                    byte[] content = node.durable;
                    int kept = keepSomeUnsynced ? random.nextInt(node.pending.size() + 1) : 0;
                    for (int i = 0; i < kept; i++) {
                        boolean torn = i == kept - 1 && random.nextBoolean();
                        content = apply(content, node.pending.get(i), torn ? random : null);
                    }
                    Files.write(dir.resolve(e.getKey()), content);
                }
            }
        }
    }

    /** {@code content} after one write or truncation; a write cut at a random byte when {@code tear} is given. */
    private static byte[] apply(byte[] content, Object op, Random tear) {
        if (op instanceof Long size) {
            return Arrays.copyOf(content, (int) Math.min(content.length, size));
        }
        Write w = (Write) op;
        int length = tear == null ? w.bytes().length : tear.nextInt(w.bytes().length + 1);
        int end = (int) w.position() + length;
        byte[] out = end > content.length ? Arrays.copyOf(content, end) : content.clone();
        System.arraycopy(w.bytes(), 0, out, (int) w.position(), length);
        return out;
    }

    /** A file opened on this disk: writes recorded, a sync makes them durable. */
    private final class Recording extends FileChannel {
        private final FileChannel real;
        private final Node node;

        Recording(FileChannel real, Node node) {
            this.real = real;
            this.node = node;
        }

        private int recorded(ByteBuffer src, long position, boolean positional) throws IOException {
            synchronized (lock) {
                check();
                ByteBuffer copy = src.duplicate();
                long at = positional ? position : real.position();
                int n = positional ? real.write(src, position) : real.write(src);
                byte[] bytes = new byte[n];
                copy.get(bytes);
                node.pending.add(new Write(at, bytes));
                return n;
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return recorded(src, -1, false);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return recorded(src, position, true);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (lock) {
                check();
                real.truncate(size);
                node.pending.add(size);
                return this;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (lock) {
                check();
                real.force(metaData);
                for (Object op : node.pending) {
                    node.durable = apply(node.durable, op, null);
                }
                node.pending.clear();
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not recorded");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not recorded");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}

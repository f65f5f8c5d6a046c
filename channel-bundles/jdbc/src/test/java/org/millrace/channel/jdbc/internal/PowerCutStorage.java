package org.millrace.channel.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SyncFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.derby.iapi.error.StandardException;
import org.apache.derby.impl.io.DirStorageFactory;
import org.apache.derby.io.StorageFile;
import org.apache.derby.io.StorageRandomAccessFile;
import org.apache.derby.io.WritableStorageFactory;

/**
 * A Derby storage ({@code jdbc:derby:powercut:/dir/db}) that works on the real directory, as Derby's own does, and
 * also keeps, in {@link #DISK}, what a disk would still hold if the power went now: a file's bytes count once a sync
 * covered them (Derby's {@code sync()} of a file or stream, or every write of a file opened {@code rws}/{@code rwd},
 * as Derby opens its log); what was written since is pending. Creating, renaming and deleting files take effect at
 * once (Derby syncs no directory; ext4's journal commits them with the next sync). After {@link Disk#cut()} every
 * write fails, as on a machine without power, and {@link Disk#restore} writes the durable bytes (plus, at random, a
 * part of the pending writes, the last maybe torn) into a new directory that Derby can boot from.
 */
public final class PowerCutStorage implements WritableStorageFactory {
    /** The subsubprotocol: {@code jdbc:derby:powercut:<path>}. */
    static final String PROTOCOL = "powercut";
    /** What the disk holds; Derby makes its storage factories itself, by class name, so they share this one. */
    static final Disk DISK = new Disk();

    private final DirStorageFactory real = new DirStorageFactory();

    /** Tells Derby where the subsubprotocol's storage is. */
    static void register() {
        System.setProperty("derby.subSubProtocol." + PROTOCOL, PowerCutStorage.class.getName());
    }

    /** A file's bytes as the disk holds them, and the writes not yet synced. */
    private static final class FileImage {
        byte[] durable = new byte[0];
        /** Pending changes in order: a write (position, bytes) or, with a null array, a new length. */
        final List<Object[]> pending = new ArrayList<>();

        void apply(Object[] change) {
            long position = (Long) change[0];
            byte[] bytes = (byte[]) change[1];
            if (bytes == null) {
                durable = Arrays.copyOf(durable, (int) position);
                return;
            }
            int end = (int) position + bytes.length;
            if (end > durable.length) {
                durable = Arrays.copyOf(durable, end);
            }
            System.arraycopy(bytes, 0, durable, (int) position, bytes.length);
        }

        void sync() {
            pending.forEach(this::apply);
            pending.clear();
        }
    }

    /** The disk under every {@code powercut} database of the JVM. */
    static final class Disk {
        private final Map<String, FileImage> files = new HashMap<>();
        private final Set<String> directories = new HashSet<>();
        private boolean cut;

        /** Power on, nothing on it: before a database is created. */
        synchronized void reset() {
            files.clear();
            directories.clear();
            cut = false;
        }

        /** The power goes: from now on every write fails and the disk keeps what it has. */
        synchronized void cut() {
            cut = true;
        }

        private void powered() throws IOException {
            if (cut) {
                throw new IOException("the power is off");
            }
        }

        private FileImage file(String path) {
            return files.computeIfAbsent(path, p -> new FileImage());
        }

        synchronized void write(String path, long position, byte[] bytes, boolean synchronous) throws IOException {
            powered();
            FileImage f = file(path);
            f.pending.add(new Object[] {position, bytes});
            if (synchronous) {
                f.sync();
            }
        }

        synchronized void setLength(String path, long length, boolean synchronous) throws IOException {
            powered();
            FileImage f = file(path);
            f.pending.add(new Object[] {length, null});
            if (synchronous) {
                f.sync();
            }
        }

        synchronized void sync(String path) throws IOException {
            powered();
            file(path).sync();
        }

        synchronized void created(String path) throws IOException {
            powered();
            file(path);
        }

        synchronized void madeDirectory(String path) throws IOException {
            powered();
            directories.add(path);
        }

        synchronized void deleted(String path) throws IOException {
            powered();
            files.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + File.separator));
            directories.removeIf(p -> p.equals(path) || p.startsWith(path + File.separator));
        }

        synchronized void renamed(String from, String to) throws IOException {
            powered();
            FileImage f = files.remove(from);
            if (f != null) {
                files.put(to, f);
            }
        }

        /**
         * Writes what the disk holds under {@code from} into {@code to}: each file's durable bytes and, if
         * {@code keepSomeUnsynced}, a random number of its pending writes in order, the last maybe cut short.
         */
        synchronized void restore(Path from, Path to, Random random, boolean keepSomeUnsynced) throws IOException {
            Path root = from.toRealPath(); // Derby names files by their canonical paths
            for (String dir : directories) {
                if (Path.of(dir).startsWith(root)) {
                    Files.createDirectories(to.resolve(root.relativize(Path.of(dir))));
                }
            }
            for (Map.Entry<String, FileImage> e : files.entrySet()) {
                if (!Path.of(e.getKey()).startsWith(root)) {
                    continue;
                }
                FileImage f = e.getValue();
                if (keepSomeUnsynced && !f.pending.isEmpty()) {
                    int kept = random.nextInt(f.pending.size() + 1);
                    for (int i = 0; i < kept; i++) {
                        Object[] change = f.pending.get(i);
                        if (i == kept - 1 && change[1] != null && random.nextBoolean()) {
                            byte[] bytes = (byte[]) change[1];
                            change = new Object[] {change[0], Arrays.copyOf(bytes, random.nextInt(bytes.length + 1))};
                        }
                        f.apply(change);
                    }
                }
                Path target = to.resolve(root.relativize(Path.of(e.getKey())));
                Files.createDirectories(target.getParent());
                Files.write(target, f.durable);
            }
        }
    }

    private static String path(StorageFile file) {
        try {
            return new File(file.getPath()).getCanonicalPath();
        } catch (IOException e) {
            return new File(file.getPath()).getAbsolutePath();
        }
    }

    private StorageFile wrap(StorageFile file) {
        return file == null ? null : new CutFile(file);
    }

    @Override
    public void init(String home, String databaseName, String tempDirName, String uniqueName) throws IOException {
        real.init(home, databaseName, tempDirName, uniqueName);
    }

    @Override
    public void shutdown() {
        real.shutdown();
    }

    @Override
    public String getCanonicalName() throws IOException {
        return real.getCanonicalName();
    }

    @Override
    public void setCanonicalName(String name) {
        real.setCanonicalName(name);
    }

    @Override
    public StorageFile newStorageFile(String path) {
        return wrap(real.newStorageFile(path));
    }

    @Override
    public StorageFile newStorageFile(String directoryName, String fileName) {
        return wrap(real.newStorageFile(directoryName, fileName));
    }

    @Override
    public StorageFile newStorageFile(StorageFile directory, String fileName) {
        return wrap(real.newStorageFile(directory == null ? null : ((CutFile) directory).real, fileName));
    }

    @Override
    public char getSeparator() {
        return real.getSeparator();
    }

    @Override
    public StorageFile getTempDir() {
        return wrap(real.getTempDir());
    }

    @Override
    public boolean isFast() {
        return real.isFast();
    }

    @Override
    public boolean isReadOnlyDatabase() {
        return real.isReadOnlyDatabase();
    }

    @Override
    public boolean supportsRandomAccess() {
        return real.supportsRandomAccess();
    }

    @Override
    public int getStorageFactoryVersion() {
        return real.getStorageFactoryVersion();
    }

    @Override
    public StorageFile createTemporaryFile(String prefix, String suffix) throws IOException {
        return wrap(real.createTemporaryFile(prefix, suffix));
    }

    @Override
    public void sync(OutputStream stream, boolean metaData) throws IOException, SyncFailedException {
        CutOutputStream cut = (CutOutputStream) stream;
        real.sync(cut.real, metaData);
        DISK.sync(cut.path);
    }

    @Override
    public boolean supportsWriteSync() {
        return real.supportsWriteSync();
    }

    /** A file of the real storage whose changes the disk records. */
    private final class CutFile implements StorageFile {
        final StorageFile real;

        CutFile(StorageFile real) {
            this.real = real;
        }

        @Override
        public String[] list() {
            return real.list();
        }

        @Override
        public boolean canWrite() {
            return real.canWrite();
        }

        @Override
        public boolean exists() {
            return real.exists();
        }

        @Override
        public boolean isDirectory() {
            return real.isDirectory();
        }

        @Override
        public boolean delete() {
            return recorded(real.delete(), () -> DISK.deleted(path(real)));
        }

        @Override
        public boolean deleteAll() {
            return recorded(real.deleteAll(), () -> DISK.deleted(path(real)));
        }

        @Override
        public String getPath() {
            return real.getPath();
        }

        @Override
        public String getCanonicalPath() throws IOException {
            return real.getCanonicalPath();
        }

        @Override
        public String getName() {
            return real.getName();
        }

        @Override
        public boolean createNewFile() throws IOException {
            DISK.powered();
            boolean created = real.createNewFile();
            if (created) {
                DISK.created(path(real));
            }
            return created;
        }

        @Override
        public boolean renameTo(StorageFile newName) {
            StorageFile target = ((CutFile) newName).real;
            return recorded(real.renameTo(target), () -> DISK.renamed(path(real), path(target)));
        }

        @Override
        public boolean mkdir() {
            return recorded(real.mkdir(), () -> DISK.madeDirectory(path(real)));
        }

        @Override
        public boolean mkdirs() {
            return recorded(real.mkdirs(), () -> DISK.madeDirectory(path(real)));
        }

        @Override
        public StorageFile getParentDir() {
            return wrap(real.getParentDir());
        }

        @Override
        public boolean setReadOnly() {
            return real.setReadOnly();
        }

        @Override
        public OutputStream getOutputStream() throws FileNotFoundException {
            return getOutputStream(false);
        }

        @Override
        public OutputStream getOutputStream(boolean append) throws FileNotFoundException {
            try {
                DISK.powered();
                long start = append && real.exists() ? new File(real.getPath()).length() : 0;
                OutputStream stream = real.getOutputStream(append);
                if (!append) {
                    DISK.setLength(path(real), 0, false);
                }
                return new CutOutputStream(stream, path(real), start);
            } catch (IOException e) {
                throw new FileNotFoundException(e.getMessage());
            }
        }

        @Override
        public InputStream getInputStream() throws FileNotFoundException {
            return real.getInputStream();
        }

        @Override
        public int getExclusiveFileLock() throws StandardException {
            return real.getExclusiveFileLock();
        }

        @Override
        public void releaseExclusiveFileLock() {
            real.releaseExclusiveFileLock();
        }

        @Override
        public StorageRandomAccessFile getRandomAccessFile(String mode) throws FileNotFoundException {
            try {
                DISK.powered();
                boolean existed = real.exists();
                StorageRandomAccessFile file = real.getRandomAccessFile(mode);
                if (!existed && !mode.equals("r")) {
                    DISK.created(path(real));
                }
                return new CutRandomAccessFile(file, path(real), mode.equals("rws") || mode.equals("rwd"));
            } catch (IOException e) {
                throw new FileNotFoundException(e.getMessage());
            }
        }

        @Override
        public void limitAccessToOwner() throws IOException {
            real.limitAccessToOwner();
        }
    }

    @FunctionalInterface
    private interface Recording {
        void record() throws IOException;
    }

    /** Records a namespace change that happened; with the power off it did not happen (false). */
    private static boolean recorded(boolean done, Recording recording) {
        if (!done) {
            return false;
        }
        try {
            recording.record();
            return true;
        } catch (IOException powerOff) {
            return false;
        }
    }

    /** A stream whose writes the disk records, durable at the factory's {@code sync}. */
    private static final class CutOutputStream extends OutputStream {
        final OutputStream real;
        final String path;
        private long position;

        CutOutputStream(OutputStream real, String path, long position) {
            this.real = real;
            this.path = path;
            this.position = position;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            DISK.write(path, position, Arrays.copyOfRange(b, off, off + len), false);
            real.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            real.flush();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }

    /** A random-access file whose writes the disk records: at once if opened to write synchronously. */
    private static final class CutRandomAccessFile implements StorageRandomAccessFile {
        private final StorageRandomAccessFile real;
        private final String path;
        private final boolean synchronous;

        CutRandomAccessFile(StorageRandomAccessFile real, String path, boolean synchronous) {
            this.real = real;
            this.path = path;
            this.synchronous = synchronous;
        }

        private void recorded(byte[] bytes) throws IOException {
            DISK.write(path, real.getFilePointer(), bytes, synchronous);
            real.write(bytes, 0, bytes.length);
        }

        private void recorded(Encoder encoder) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            encoder.encode(new DataOutputStream(bytes));
            recorded(bytes.toByteArray());
        }

        @FunctionalInterface
        private interface Encoder {
            void encode(DataOutputStream out) throws IOException;
        }

        @Override
        public void write(int b) throws IOException {
            recorded(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b) throws IOException {
            recorded(b.clone());
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            recorded(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void writeBoolean(boolean v) throws IOException {
            recorded(out -> out.writeBoolean(v));
        }

        @Override
        public void writeByte(int v) throws IOException {
            recorded(out -> out.writeByte(v));
        }

        @Override
        public void writeShort(int v) throws IOException {
            recorded(out -> out.writeShort(v));
        }

        @Override
        public void writeChar(int v) throws IOException {
            recorded(out -> out.writeChar(v));
        }

        @Override
        public void writeInt(int v) throws IOException {
            recorded(out -> out.writeInt(v));
        }

        @Override
        public void writeLong(long v) throws IOException {
            recorded(out -> out.writeLong(v));
        }

        @Override
        public void writeFloat(float v) throws IOException {
            recorded(out -> out.writeFloat(v));
        }

        @Override
        public void writeDouble(double v) throws IOException {
            recorded(out -> out.writeDouble(v));
        }

        @Override
        public void writeBytes(String s) throws IOException {
            recorded(out -> out.writeBytes(s));
        }

        @Override
        public void writeChars(String s) throws IOException {
            recorded(out -> out.writeChars(s));
        }

        @Override
        public void writeUTF(String s) throws IOException {
            recorded(out -> out.writeUTF(s));
        }

        @Override
        public void setLength(long newLength) throws IOException {
            DISK.setLength(path, newLength, synchronous);
            real.setLength(newLength);
        }

        @Override
        public void sync() throws IOException {
            DISK.sync(path);
            real.sync();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }

        @Override
        public long getFilePointer() throws IOException {
            return real.getFilePointer();
        }

        @Override
        public long length() throws IOException {
            return real.length();
        }

        @Override
        public void seek(long pos) throws IOException {
            real.seek(pos);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return real.read(b, off, len);
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            real.readFully(b);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            real.readFully(b, off, len);
        }

        @Override
        public int skipBytes(int n) throws IOException {
            return real.skipBytes(n);
        }

        @Override
        public boolean readBoolean() throws IOException {
            return real.readBoolean();
        }

        @Override
        public byte readByte() throws IOException {
            return real.readByte();
        }

        @Override
        public int readUnsignedByte() throws IOException {
            return real.readUnsignedByte();
        }

        @Override
        public short readShort() throws IOException {
            return real.readShort();
        }

        @Override
        public int readUnsignedShort() throws IOException {
            return real.readUnsignedShort();
        }

        @Override
        public char readChar() throws IOException {
            return real.readChar();
        }

        @Override
        public int readInt() throws IOException {
            return real.readInt();
        }

        @Override
        public long readLong() throws IOException {
            return real.readLong();
        }

        @Override
        public float readFloat() throws IOException {
            return real.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return real.readDouble();
        }

        @Override
        public String readLine() throws IOException {
            return real.readLine();
        }

        @Override
        public String readUTF() throws IOException {
            return real.readUTF();
        }

        @Override
        public StorageRandomAccessFile clone() {
            return new CutRandomAccessFile(real.clone(), path, synchronous);
        }
    }
}

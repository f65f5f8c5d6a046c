package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A snapshot of the channel: the events it held, in order (events in open take transactions first, as a rollback
 * would put them), and the log position from which records are not yet reflected in it. Written to a temporary
 * file, synced and renamed over the previous one, so a crash leaves either the old or the new checkpoint whole.
 *
 * <pre>magic:int32 | version:int32 | logPosition:int64 | count:int32 | count × pointer:int64 | crc32c:int32</pre>
 *
 * @param logPosition where replay starts
 * @param pointers the events held, head first
 */
record Checkpoint(long logPosition, long[] pointers) {
    static final String FILE = "millrace-checkpoint";
    private static final int MAGIC = 0x4d52434b; // "MRCK"
    private static final int VERSION = 1;

    /** Writes this checkpoint into {@code dir}, replacing the one there. */
    void write(Path dir, Disk disk) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(24 + 8 * pointers.length);
        out.putInt(MAGIC).putInt(VERSION).putLong(logPosition).putInt(pointers.length);
        out.asLongBuffer().put(pointers);
        out.position(out.limit() - 4);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.limit() - 4);
        out.putInt((int) crc.getValue()).flip();
        Path temp = dir.resolve(FILE + ".tmp");
        try (FileChannel file = disk.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                file.write(out);
            }
            file.force(true);
        }
        disk.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        disk.syncDirectory(dir);
    }

    /** Whether {@code dir} holds a checkpoint. */
    static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @throws IOException if it cannot be read or does not check out
     */
    static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.limit() < 24 || in.getInt(0) != MAGIC || in.getInt(4) != VERSION) {
            throw new IOException(file + " is not a Millrace file channel checkpoint");
        }
        int count = in.getInt(16);
        if (count < 0 || in.limit() != 24 + 8L * count) {
            throw new IOException(file + " is cut short or too long for " + count + " events");
        }
        CRC32C crc = new CRC32C();
        crc.update(in.array(), 0, in.limit() - 4);
        if ((int) crc.getValue() != in.getInt(in.limit() - 4)) {
            throw new IOException(file + " does not match its checksum");
        }
        long[] pointers = new long[count];
        in.position(20);
        in.asLongBuffer().get(pointers);
        return new Checkpoint(in.getLong(8), pointers);
    }
}

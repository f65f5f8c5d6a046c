package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.millrace.api.ChannelException;

/**
 * Flume's {@code in_use.lock}: a directory belongs to one file channel at a time, in this process or another,
 * because two writers would corrupt each other's log.
 */
final class DirectoryLock implements AutoCloseable {
    private static final String FILE = "in_use.lock";
    private final FileChannel file;
    private final FileLock lock;

    private DirectoryLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it. */
    static DirectoryLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel file = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = file.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            file.close();
            throw new ChannelException("Cannot lock " + dir + ". The directory is already locked (" + FILE
                    + "): another file channel uses it, in this process or another");
        }
        return new DirectoryLock(file, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            file.close();
        }
    }
}

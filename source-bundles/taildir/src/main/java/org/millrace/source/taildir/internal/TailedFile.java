package org.millrace.source.taildir.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file being tailed, known by its inode: where its path is now, how far its lines are committed to the channel
 * and how far they are read, and its open channel (closed while idle). A file whose inode no longer sits at a
 * matched path has been rotated or deleted; it is read to its end and then let go.
 */
final class TailedFile {
    private final long inode;
    private Path path;
    private FileGroup group;
    private FileChannel channel;
    private long committed;
    private long readPosition;
    private long lastDataMillis;
    private boolean rotatedAway;
    private boolean unreadable;

    TailedFile(long inode, Path path, FileGroup group, long position, long now) {
        this.inode = inode;
        this.path = path;
        this.group = group;
        this.committed = position;
        this.readPosition = position;
        this.lastDataMillis = now;
    }

    long inode() {
        return inode;
    }

    Path path() {
        return path;
    }

    FileGroup group() {
        return group;
    }

    /** Found at a matched path (the same, or a new one after a rename within the pattern). */
    void matchedAt(Path matched, FileGroup matchedBy) {
        this.path = matched;
        this.group = matchedBy;
        this.rotatedAway = false;
    }

    /** No longer at a matched path: read it to its end (its new name, if known, kept for the position file). */
    void rotatedAway(Path newPath) {
        rotatedAway = true;
        if (newPath != null) {
            path = newPath;
        }
    }

    boolean isRotatedAway() {
        return rotatedAway;
    }

    /** The position up to which lines are in the channel. */
    long committed() {
        return committed;
    }

    long readPosition() {
        return readPosition;
    }

    void advance(long position, long now) {
        readPosition = position;
        lastDataMillis = now;
    }

    void commit() {
        committed = readPosition;
    }

    void rollback() {
        readPosition = committed;
    }

    /** Starts over at 0: the file was truncated below what was committed (copytruncate). */
    void truncated() {
        committed = 0;
        readPosition = 0;
    }

    long lastDataMillis() {
        return lastDataMillis;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** The channel {@link #openIfStillAt} opened. */
    FileChannel channel() {
        return channel;
    }

    /**
     * Opens the file at its path, unless a rotation put another file there since its inode was looked at (the file
     * is then found at its new path by the next listing): false then.
     */
    boolean openIfStillAt(long now) throws IOException {
        FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
        try {
            if ((Long) Files.getAttribute(path, "unix:ino") == inode) {
                channel = opened;
                lastDataMillis = now;
                return true;
            }
        } catch (NoSuchFileException renamedAway) {
            // renamed after it was opened: found at its new path by the next listing
        }
        opened.close();
        return false;
    }

    /** Whether opening the file failed last time (reported once until it opens again). */
    boolean unreadable() {
        return unreadable;
    }

    void unreadable(boolean failed) {
        unreadable = failed;
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only file: nothing to flush
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return path + " (inode " + inode + ")";
    }
}

package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations whose durability the channel's promise rests on: opening files to write (and sync),
 * renaming, deleting and syncing a directory. Everything goes to the local file system; the power-loss test runs
 * the channel on a disk that forgets what no sync covered.
 */
interface Disk {

    /** Opens a file, as {@link FileChannel#open(Path, OpenOption...)}. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Renames, as {@link Files#move}; durable once the directory is synced. */
    void move(Path from, Path to, CopyOption... options) throws IOException;

    /** Deletes a file if it is there; durable once the directory is synced. */
    void delete(Path file) throws IOException;

    /** Makes the directory's entries (files created, renamed, deleted in it) durable. */
    void syncDirectory(Path dir) throws IOException;

    /** The local file system. */
    Disk LOCAL = new Disk() {
        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
            return FileChannel.open(file, options);
        }

        @Override
        public void move(Path from, Path to, CopyOption... options) throws IOException {
            Files.move(from, to, options);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    };
}

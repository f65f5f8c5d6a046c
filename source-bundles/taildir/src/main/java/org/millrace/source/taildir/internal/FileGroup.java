package org.millrace.source.taildir.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One file group: the files of a directory whose names match a regular expression, and the headers their events
 * carry. As in Flume, the directory is listed again only when its modification time says files came or went
 * (unless caching is off); a change within the current second is not trusted to be the last one, so the listing
 * is repeated until the clock has moved past it.
 */
final class FileGroup {
    private final String name;
    private final Path directory;
    private final Pattern fileName;
    private final String[] headers;
    private final boolean cached;
    private long listedDirectoryMillis = -1;
    private long listedAtSecondMillis = -1;
    private List<Path> listed = List.of();

    /**
     * @param headers the group's header names and values, alternating
     */
    FileGroup(String name, Path directory, Pattern fileName, String[] headers, boolean cached) {
        this.name = name;
        this.directory = directory;
        this.fileName = fileName;
        this.headers = headers;
        this.cached = cached;
    }

    String name() {
        return name;
    }

    Path directory() {
        return directory;
    }

    /** The group's header names and values, alternating; shared, never modified. */
    String[] headers() {
        return headers;
    }

    /**
     * The regular files of the directory whose names match, as of now or of the last listing the directory's
     * modification time still vouches for.
     *
     * @throws NoSuchFileException if the directory does not exist
     */
    List<Path> files() throws IOException {
        long now = TimeUnit.SECONDS.toMillis(TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis()));
        FileTime modified = Files.getLastModifiedTime(directory);
        long directoryMillis = modified.toMillis();
        if (!cached || listedDirectoryMillis < directoryMillis || directoryMillis >= listedAtSecondMillis) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                    p -> fileName.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
                entries.forEach(files::add);
            }
            listed = files;
            listedDirectoryMillis = directoryMillis;
            listedAtSecondMillis = now;
        }
        return listed;
    }

    /** Forgets the listing, e.g. after the directory was found missing. */
    void forget() {
        listed = List.of();
        listedDirectoryMillis = -1;
    }

    @Override
    public String toString() {
        return name + " = " + directory + "/" + fileName.pattern();
    }
}

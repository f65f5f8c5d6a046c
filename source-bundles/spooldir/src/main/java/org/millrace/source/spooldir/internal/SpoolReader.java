package org.millrace.source.spooldir.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.millrace.api.Event;
import org.millrace.serialization.DecodeErrorPolicy;
import org.millrace.serialization.EventDeserializer;
import org.millrace.serialization.EventInputFormat;
import org.millrace.serialization.ResettableFileInput;
import org.millrace.source.spooldir.internal.SpoolDirectorySourceConfig.ConsumeOrder;
import org.millrace.source.spooldir.internal.SpoolDirectorySourceConfig.DeletePolicy;
import org.millrace.source.spooldir.internal.SpoolDirectorySourceConfig.TrackingPolicy;

/**
 * The files of a spooling directory, read one after the other as Flume reads them: the next file by consumeOrder
 * (the file the meta file names first, so a restart finishes it), its events through the deserializer, and once
 * it is read to its end it is checked unchanged and renamed, deleted or recorded in the tracker directory. Not
 * thread-safe: the source's thread owns it.
 */
final class SpoolReader implements AutoCloseable {

    /** A file that cannot be read on: it is left as it is and skipped until the source starts again. */
    static final class FileFailure extends IOException {
        private final Path file;
        private final boolean unreadable;

        FileFailure(Path file, String why, boolean unreadable, Throwable cause) {
            super(why, cause);
            this.file = file;
            this.unreadable = unreadable;
        }

        Path file() {
            return file;
        }

        /** Whether its content could not be read (rather than the spooling rules broken). */
        boolean unreadable() {
            return unreadable;
        }
    }

    /** How the directory is read: the source's settings. */
    record Settings(Path directory, Path trackerDirectory, String completedSuffix, Pattern include,
            Pattern ignore, boolean recursive, ConsumeOrder order, DeletePolicy deletePolicy,
            TrackingPolicy trackingPolicy, Charset charset, DecodeErrorPolicy decodeErrorPolicy,
            EventInputFormat format, String fileHeaderKey, String basenameHeaderKey) {
    }

    /** The file being read. */
    private record Current(Path path, String target, long size, FileTime modified, ResettableFileInput input,
            EventDeserializer deserializer, SpoolMeta meta) {
    }

    private final Settings settings;
    private final LongAdder completed;
    private final Path metaPath;
    /** Files that failed, skipped until the source starts again. */
    private final Set<Path> failed = new HashSet<>();
    private Current current;
    private boolean firstRead;

    /**
     * @param completed counts the files finished
     */
    SpoolReader(Settings settings, LongAdder completed) {
        this.settings = settings;
        this.completed = completed;
        this.metaPath = settings.trackerDirectory().resolve(SpoolMeta.FILE_NAME);
    }

    /** The file being read, or null. */
    Path currentFile() {
        return current == null ? null : current.path();
    }

    /**
     * The next events, up to {@code max}: from the file being read, or from the next file once it is finished.
     * Empty when no file waits.
     *
     * @throws IOException if the file being read cannot be read on (it is then {@link #fail failed} by the caller)
     */
    List<Event> read(int max) throws IOException {
        if (current == null && !openNext()) {
            return List.of();
        }
        List<Event> events = readCurrent(max);
        while (events.isEmpty()) {
            retire();
            if (!openNext()) {
                return List.of();
            }
            events = readCurrent(max);
        }
        if (settings.fileHeaderKey() != null || settings.basenameHeaderKey() != null) {
            String file = current.path().toAbsolutePath().toString();
            String name = current.path().getFileName().toString();
            for (Event e : events) {
                if (settings.fileHeaderKey() != null) {
                    e.headers().put(settings.fileHeaderKey(), file);
                }
                if (settings.basenameHeaderKey() != null) {
                    e.headers().put(settings.basenameHeaderKey(), name);
                }
            }
        }
        return events;
    }

    private List<Event> readCurrent(int max) throws FileFailure {
        List<Event> events;
        try {
            events = current.deserializer().readEvents(max);
        } catch (IOException | RuntimeException e) {
            Path path = current.path();
            failed.add(path);
            closeCurrent();
            throw new FileFailure(path, e instanceof java.nio.charset.CharacterCodingException
                    ? "is not valid " + settings.charset() + " text after the events delivered from it ("
                    + e + "; decodeErrorPolicy FAIL)" : "cannot be read on: " + e, true, e);
        }
        if (events.isEmpty() && firstRead && current.size() == 0) {
            events = new ArrayList<>(List.of(Event.of(new byte[0]))); // as Flume: an empty file is one empty event
        }
        firstRead = false;
        return events;
    }

    /** The events last read are in the channel: a restart resumes after them. */
    void commit() throws IOException {
        current.deserializer().mark();
    }

    /** The events last read were refused: they are read again. */
    void rollback() throws IOException {
        if (current != null) {
            current.deserializer().reset();
        }
    }

    private boolean openNext() throws IOException {
        List<Path> candidates = candidates();
        if (candidates.isEmpty()) {
            return false;
        }
        SpoolMeta.Recorded recorded = SpoolMeta.read(metaPath);
        Path next = recorded == null ? null : candidates.stream()
                .filter(p -> p.toString().equals(recorded.target())).findFirst().orElse(null);
        if (next == null) {
            next = choose(candidates);
        }
        String target = next.toString();
        long position = recorded != null && recorded.target().equals(target) ? recorded.position() : 0;
        BasicFileAttributes attributes = Files.readAttributes(next, BasicFileAttributes.class);
        SpoolMeta meta = SpoolMeta.start(metaPath, target, position);
        ResettableFileInput input = null;
        try {
            input = ResettableFileInput.open(next, position, meta, settings.charset(), settings.decodeErrorPolicy());
            EventDeserializer deserializer = settings.format().open(input);
            current = new Current(next, target, attributes.size(), attributes.lastModifiedTime(), input,
                    deserializer, meta);
            firstRead = true;
            return true;
        } catch (IOException | RuntimeException e) {
            if (input != null) {
                input.close();
            }
            meta.close();
            failed.add(next);
            throw new FileFailure(next, "cannot be opened: " + e, true, e);
        }
    }

    /** The files waiting: matching, not hidden, not finished. */
    private List<Path> candidates() throws IOException {
        Set<Path> tracked = settings.trackingPolicy() == TrackingPolicy.TRACKER_DIR ? trackedFinished() : Set.of();
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(settings.directory(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(settings.directory())) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                return settings.recursive() && !name.startsWith(".") && !settings.ignore().matcher(name).matches()
                        && !dir.equals(settings.trackerDirectory()) ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && !name.endsWith(settings.completedSuffix()) && !name.startsWith(".")
                        && settings.include().matcher(name).matches() && !settings.ignore().matcher(name).matches()
                        && !tracked.contains(file) && !failed.contains(file)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone while listing
            }
        });
        return out;
    }

    /** Files recorded as finished in the tracker directory, as the spool files they stand for. */
    private Set<Path> trackedFinished() throws IOException {
        Set<Path> out = new HashSet<>();
        if (!Files.isDirectory(settings.trackerDirectory())) {
            return out;
        }
        try (var files = Files.walk(settings.trackerDirectory())) {
            files.filter(p -> p.getFileName().toString().endsWith(settings.completedSuffix())).forEach(p -> {
                String relative = settings.trackerDirectory().relativize(p).toString();
                out.add(settings.directory().resolve(relative.substring(0,
                        relative.length() - settings.completedSuffix().length())));
            });
        }
        return out;
    }

    private Path choose(List<Path> candidates) throws IOException {
        if (settings.order() == ConsumeOrder.RANDOM) {
            return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        List<Dated> dated = new ArrayList<>();
        for (Path p : candidates) {
            try {
                dated.add(new Dated(p, Files.getLastModifiedTime(p)));
            } catch (IOException gone) {
                // removed since listed
            }
        }
        if (dated.isEmpty()) {
            throw new IOException("the waiting files went away");
        }
        Comparator<Dated> byTime = Comparator.comparing(Dated::modified);
        if (settings.order() == ConsumeOrder.YOUNGEST) {
            byTime = byTime.reversed();
        }
        return dated.stream().min(byTime.thenComparing(d -> d.path().getFileName().toString())).orElseThrow().path();
    }

    private record Dated(Path path, FileTime modified) {
    }

    /**
     * A file read to its end: checks it did not change while read, then renames, deletes or records it as
     * finished, and removes the meta file.
     */
    private void retire() throws IOException {
        Current done = current;
        closeCurrent();
        BasicFileAttributes now = Files.readAttributes(done.path(), BasicFileAttributes.class);
        if (!now.lastModifiedTime().equals(done.modified()) || now.size() != done.size()) {
            failed.add(done.path());
            throw new FileFailure(done.path(), "has been modified since being read (files must not change once"
                    + " they are in a spooling directory)", false, null);
        }
        if (settings.deletePolicy() == DeletePolicy.IMMEDIATE) {
            Files.deleteIfExists(done.path());
        } else if (settings.trackingPolicy() == TrackingPolicy.RENAME) {
            Path renamed = done.path().resolveSibling(done.path().getFileName() + settings.completedSuffix());
            if (Files.exists(renamed)) {
                failed.add(done.path());
                throw new FileFailure(done.path(), "cannot be renamed to " + renamed + ", which exists: a file name"
                        + " has been re-used with different files", false, null);
            }
            Files.move(done.path(), renamed, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Path marker = settings.trackerDirectory().resolve(settings.directory().relativize(done.path())
                    + settings.completedSuffix());
            if (Files.exists(marker)) {
                failed.add(done.path());
                throw new FileFailure(done.path(), "is recorded as finished already (" + marker + "): a file name"
                        + " has been re-used with different files", false, null);
            }
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
        }
        Files.deleteIfExists(metaPath);
        completed.increment();
    }

    private void closeCurrent() {
        if (current == null) {
            return;
        }
        Current closing = current;
        current = null;
        try {
            closing.deserializer().close();
        } catch (IOException ignored) {
            // a reader: nothing to lose
        }
        try {
            closing.input().close();
        } catch (IOException ignored) {
            // a reader: nothing to lose
        }
        try {
            closing.meta().close();
        } catch (IOException ignored) {
            // every position was flushed when stored
        }
    }

    /** Whether a file is being read now. */
    boolean reading() {
        return current != null;
    }

    @Override
    public void close() {
        closeCurrent();
    }
}

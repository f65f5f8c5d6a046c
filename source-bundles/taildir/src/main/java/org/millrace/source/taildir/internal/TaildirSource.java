package org.millrace.source.taildir.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.Resource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

/**
 * Flume's TAILDIR source. Each poll lists the file groups, follows every matching file by inode and delivers its
 * new lines in batches, one channel transaction each; the position of a file moves only once its batch is
 * committed, and is written to the position file at once. A file renamed within the pattern keeps its position; a
 * file rotated or deleted away (logrotate {@code create}) is read to its end before it is let go, and a file cut
 * below its position (copytruncate) starts again at 0. A full channel leaves the lines in the file: the source
 * backs off and reads them again.
 */
final class TaildirSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);
    static final String BYTE_OFFSET_HEADER = "byteoffset";

    private final TaildirSourceConfig config;
    /** The settings read on every line and batch, copied out of the config (a proxy) once. */
    private final int batchSize;
    private final boolean byteOffsetHeader;
    private final boolean fileHeader;
    private final String fileHeaderKey;
    private final List<FileGroup> groups;
    private final Path positionPath;
    private final long maxBatchCount;
    /** Tailed files by inode, in the order they are read: rotated-away files first, then by modification time. */
    private final Map<Long, TailedFile> files = new LinkedHashMap<>();
    private final Set<String> missingDirectories = new HashSet<>();
    private SourceContext context;
    private PositionFile positions;
    private LineReader reader;
    private LongAdder truncations;
    private long lastForcedMillis;
    private boolean positionsWriteFailed;
    /** Files open after the last poll, for the gauge read by other threads. */
    private volatile int openFiles;

    TaildirSource(TaildirSourceConfig config, List<FileGroup> groups, Path positionPath) {
        this.config = config;
        this.batchSize = config.batchSize();
        this.byteOffsetHeader = config.byteOffsetHeader();
        this.fileHeader = config.fileHeader();
        this.fileHeaderKey = config.fileHeaderKey();
        this.groups = groups;
        this.positionPath = positionPath;
        this.maxBatchCount = config.maxBatchCount() <= 0 ? Long.MAX_VALUE : config.maxBatchCount();
    }

    @Override
    public List<Resource> resources() {
        return List.of(Resource.file(positionPath));
    }

    @Override
    public long backoffSleepIncrement() {
        return config.backoffSleepIncrement();
    }

    @Override
    public long maxBackoffSleep() {
        return config.maxBackoffSleep();
    }

    @Override
    public void start(SourceContext sourceContext) throws IOException {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (batchSize > max) {
            throw new IllegalStateException("batchSize " + batchSize + " exceeds the transactionCapacity "
                    + max + " of the source's channels");
        }
        this.context = sourceContext;
        SourceCounter counter = sourceContext.counter();
        truncations = counter.counter("FileTruncatedCount");
        reader = new LineReader(config.maxLineLength(), this::event, counter.counter("LineSplitCount"));
        counter.gauge("OpenFileCount", () -> openFiles);
        Files.createDirectories(positionPath.toAbsolutePath().getParent());
        positions = new PositionFile(positionPath);
        List<PositionFile.Entry> recorded;
        try {
            recorded = PositionFile.read(positionPath);
        } catch (IOException e) {
            LOG.error("[{}] position file {} is unreadable ({}); files start {}", context.label(), positionPath,
                    e.getMessage(), config.skipToEnd() ? "at their end" : "from the beginning");
            counter.increment(GenericProcessingFail);
            recorded = List.of();
        }
        long now = System.currentTimeMillis();
        Map<Long, PositionFile.Entry> byInode = new HashMap<>();
        recorded.forEach(e -> byInode.put(e.inode(), e));
        refresh(now, byInode);
        for (PositionFile.Entry e : recorded) {
            if (!files.containsKey(e.inode())) {
                resumeRotated(e, now);
            }
        }
        LOG.info("[{}] tailing {} ({} files), positions in {}", context.label(), groups, files.size(), positionPath);
        forcePositions(now);
    }

    /** A file the position file knows whose inode left its path while the agent was stopped: finish reading it. */
    private void resumeRotated(PositionFile.Entry entry, long now) {
        Path recordedPath = Path.of(entry.file());
        Path found = findInode(recordedPath.getParent(), entry.inode());
        if (found == null) {
            LOG.info("[{}] {} (inode {}) is gone; its position {} is forgotten", context.label(), entry.file(),
                    entry.inode(), entry.pos());
            return;
        }
        try {
            if (Files.size(found) < entry.pos()) {
                return;
            }
        } catch (IOException gone) {
            return;
        }
        FileGroup group = groups.stream().filter(g -> g.directory().equals(recordedPath.getParent())).findFirst()
                .orElse(groups.get(0));
        TailedFile file = new TailedFile(entry.inode(), found, group, entry.pos(), now);
        file.rotatedAway(found);
        LOG.info("[{}] {} was rotated to {} while stopped; reading it on from {}", context.label(), entry.file(),
                found, entry.pos());
        Map<Long, TailedFile> reordered = new LinkedHashMap<>();
        reordered.put(file.inode(), file);
        reordered.putAll(files);
        files.clear();
        files.putAll(reordered);
    }

    /** The path in {@code directory} that has this inode, or null. */
    private static Path findInode(Path directory, long inode) {
        if (directory == null) {
            return null;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                try {
                    if (Files.isRegularFile(p) && inode(p) == inode) {
                        return p;
                    }
                } catch (IOException gone) {
                    // removed while listing
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static long inode(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino");
    }

    /**
     * Lists the groups and brings {@link #files} up to date: new files are added (at a recorded position, at 0, or
     * at their end under skipToEnd on the first listing), files renamed within a pattern keep their position, files
     * no longer matched are marked rotated away.
     *
     * @param recorded the position file's entries on the first listing, null after
     */
    private void refresh(long now, Map<Long, PositionFile.Entry> recorded) {
        Map<Long, TailedFile> matched = new LinkedHashMap<>();
        Map<Long, FileTime> modified = new HashMap<>();
        boolean changed = false;
        for (FileGroup group : groups) {
            List<Path> paths;
            try {
                paths = group.files();
                if (missingDirectories.remove(group.name())) {
                    LOG.info("[{}] directory {} of file group {} is there now", context.label(),
                            group.directory(), group.name());
                }
            } catch (IOException e) {
                group.forget();
                if (missingDirectories.add(group.name())) {
                    LOG.warn("[{}] cannot list directory {} of file group {} ({}); its files are read once it"
                            + " can be listed", context.label(), group.directory(), group.name(), e.toString());
                }
                continue;
            }
            for (Path path : paths) {
                Map<String, Object> attributes;
                try {
                    attributes = Files.readAttributes(path, "unix:ino,size,lastModifiedTime");
                } catch (IOException gone) {
                    continue;
                }
                long inode = (Long) attributes.get("ino");
                long size = (Long) attributes.get("size");
                TailedFile file = files.get(inode);
                if (file == null) {
                    PositionFile.Entry entry = recorded == null ? null : recorded.get(inode);
                    long start = entry != null && entry.pos() <= size ? entry.pos()
                            : recorded != null && config.skipToEnd() ? size : 0;
                    file = new TailedFile(inode, path, group, start, now);
                    LOG.info("[{}] tailing {} from {}", context.label(), file, start);
                    changed = true;
                } else if (!file.path().equals(path)) {
                    LOG.info("[{}] {} renamed to {}; reading on from {}", context.label(), file, path,
                            file.committed());
                    changed = true;
                }
                file.matchedAt(path, group);
                matched.put(inode, file);
                modified.put(inode, (FileTime) attributes.get("lastModifiedTime"));
            }
        }
        Map<Long, TailedFile> next = new LinkedHashMap<>();
        for (TailedFile file : files.values()) {
            if (!matched.containsKey(file.inode())) {
                if (!file.isRotatedAway()) {
                    Path moved = findInode(file.path().getParent(), file.inode());
                    LOG.info("[{}] {} was {}; reading it to its end", context.label(), file,
                            moved == null ? "deleted" : "rotated to " + moved);
                    file.rotatedAway(moved);
                    changed = true;
                }
                next.put(file.inode(), file);
            }
        }
        matched.values().stream().sorted(Comparator.comparing(f -> modified.get(f.inode())))
                .forEach(f -> next.put(f.inode(), f));
        files.clear();
        files.putAll(next);
        if (changed && recorded == null) {
            // a file seen, even with nothing read yet, is known after a restart, wherever it has been renamed to
            savePositions();
        }
    }

    @Override
    public Status process() {
        long now = System.currentTimeMillis();
        refresh(now, null);
        boolean delivered = false;
        try {
            for (TailedFile file : new ArrayList<>(files.values())) {
                Outcome outcome = tail(file, true, now);
                if (outcome == Outcome.CHANNEL_REFUSED) {
                    return Status.BACKOFF;
                }
                delivered |= outcome != Outcome.NOTHING;
                if (file.isRotatedAway() && !file.isOpen()) {
                    letGo(file);
                }
            }
            if (closeIdle(now) == Outcome.CHANNEL_REFUSED) {
                return Status.BACKOFF;
            }
            if (now - lastForcedMillis >= config.writePosInterval()) {
                forcePositions(now);
            }
            return delivered ? Status.READY : Status.BACKOFF;
        } finally {
            openFiles = (int) files.values().stream().filter(TailedFile::isOpen).count();
        }
    }

    /** Forgets a rotated-away file that has been read to its end. */
    private void letGo(TailedFile file) {
        files.remove(file.inode());
        LOG.info("[{}] finished {} at {}", context.label(), file, file.committed());
        savePositions();
    }

    private enum Outcome { NOTHING, DELIVERED, CHANNEL_REFUSED }

    /** Delivers the file's new lines, a batch per transaction, up to maxBatchCount batches. */
    private Outcome tail(TailedFile file, boolean wholeLinesOnly, long now) {
        Outcome outcome = Outcome.NOTHING;
        try {
            if (!file.isOpen() && (!hasNewData(file) || !file.openIfStillAt(now))) {
                return outcome;
            }
            if (file.channel().size() < file.committed()) {
                LOG.info("[{}] {} was truncated below position {}; reading it from the beginning", context.label(),
                        file, file.committed());
                truncations.increment();
                reader.forget(file);
                file.truncated();
                savePositions();
            }
            for (long batches = 0; batches < maxBatchCount; batches++) {
                List<Event> batch = new ArrayList<>(batchSize);
                reader.read(file, batchSize, wholeLinesOnly, now, batch);
                if (batch.isEmpty()) {
                    break;
                }
                if (!deliver(file, batch)) {
                    return Outcome.CHANNEL_REFUSED;
                }
                outcome = Outcome.DELIVERED;
                if (batch.size() < batchSize) {
                    break;
                }
            }
            file.unreadable(false);
        } catch (IOException e) {
            file.rollback();
            reader.forget(file);
            file.close();
            if (!file.unreadable()) {
                file.unreadable(true);
                context.counter().increment(EventReadFail);
                LOG.warn("[{}] cannot read {}: {}; trying again at the next poll", context.label(), file,
                        e.toString());
            }
        }
        return outcome;
    }

    /** Whether a closed file, still at its path, has grown (or shrunk) since its position: it is opened again. */
    private static boolean hasNewData(TailedFile file) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file.path(), "unix:ino,size");
        } catch (NoSuchFileException gone) {
            return false;
        }
        return (Long) attributes.get("ino") == file.inode() && (Long) attributes.get("size") != file.committed();
    }

    private boolean deliver(TailedFile file, List<Event> batch) {
        SourceCounter counter = context.counter();
        counter.add(EventReceivedCount, batch.size());
        counter.increment(AppendBatchReceivedCount);
        try {
            context.channelProcessor().processEventBatch(batch);
        } catch (ChannelException e) {
            file.rollback();
            counter.increment(ChannelWriteFail);
            LOG.warn("[{}] channel refused {} lines of {} ({}); reading them again after a back-off",
                    context.label(), batch.size(), file, e.getMessage());
            return false;
        }
        file.commit();
        counter.add(EventAcceptedCount, batch.size());
        counter.increment(AppendBatchAcceptedCount);
        savePositions();
        return true;
    }

    /**
     * Closes files without new data for idleTimeout, after delivering a last line that lacks its newline (as Flume
     * does); a rotated-away file is then let go.
     */
    private Outcome closeIdle(long now) {
        List<TailedFile> idle = files.values().stream()
                .filter(f -> f.isOpen() && now - f.lastDataMillis() >= config.idleTimeout()).toList();
        for (TailedFile file : idle) {
            if (tail(file, false, now) == Outcome.CHANNEL_REFUSED) {
                return Outcome.CHANNEL_REFUSED;
            }
            reader.forget(file);
            file.close();
            if (file.isRotatedAway()) {
                letGo(file);
            } else {
                LOG.debug("[{}] closed idle {} at {}", context.label(), file, file.committed());
            }
        }
        return Outcome.NOTHING;
    }

    private Event event(TailedFile file, long offset, byte[] line) {
        String[] groupHeaders = file.group().headers();
        if (!byteOffsetHeader && !fileHeader) {
            return groupHeaders.length == 0 ? Event.of(line) : Event.withHeaders(line, groupHeaders);
        }
        List<String> headers = new ArrayList<>(groupHeaders.length + 4);
        if (byteOffsetHeader) {
            headers.add(BYTE_OFFSET_HEADER);
            headers.add(Long.toString(offset));
        }
        headers.addAll(List.of(groupHeaders));
        if (fileHeader) {
            headers.add(fileHeaderKey);
            headers.add(file.path().toString());
        }
        return Event.withHeaders(line, headers.toArray(String[]::new));
    }

    private List<PositionFile.Entry> entries() {
        List<PositionFile.Entry> entries = new ArrayList<>(files.size());
        for (TailedFile f : files.values()) {
            entries.add(new PositionFile.Entry(f.inode(), f.committed(), f.path().toString()));
        }
        return entries;
    }

    private void savePositions() {
        try {
            positions.write(entries());
            positionsWritten();
        } catch (IOException e) {
            positionsNotWritten(e);
        }
    }

    private void forcePositions(long now) {
        try {
            positions.force(entries());
            lastForcedMillis = now;
            positionsWritten();
        } catch (IOException e) {
            positionsNotWritten(e);
        }
    }

    private void positionsWritten() {
        if (positionsWriteFailed) {
            positionsWriteFailed = false;
            LOG.info("[{}] position file {} written again", context.label(), positionPath);
        }
    }

    private void positionsNotWritten(IOException e) {
        context.counter().increment(GenericProcessingFail);
        if (!positionsWriteFailed) {
            positionsWriteFailed = true;
            LOG.error("[{}] cannot write position file {}: {}; a restart would read again what was sent since",
                    context.label(), positionPath, e.toString());
        }
    }

    @Override
    public void stop() {
        if (context == null) {
            return;
        }
        forcePositions(System.currentTimeMillis());
        files.values().forEach(TailedFile::close);
        try {
            positions.close();
        } catch (IOException e) {
            LOG.debug("[{}] closing {}: {}", context.label(), positionPath, e.toString());
        }
        LOG.info("[{}] stopped; positions of {} files in {}", context.label(), files.size(), positionPath);
    }
}

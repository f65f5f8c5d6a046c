package org.millrace.sink.fileroll.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Resource;
import org.millrace.api.Status;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's file_roll sink: each batch is written and flushed to the current file before its transaction commits;
 * every rollInterval the file is closed (an Avro file gets its last block) and the next batch starts a new one.
 * Unlike Flume, an idle interval does not leave an empty file behind.
 */
final class FileRollSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileRollSink.class);
    private static final DateTimeFormatter ROLL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Where files go and what they are called (Flume's DEFAULT and ROLLTIME path managers). */
    record Files(Path directory, FileRollSinkConfig.PathManager naming, String prefix, String extension) {
    }

    private final Files files;
    private final EventFormat format;
    private final long rollMillis;
    private final long seriesStart = System.currentTimeMillis();
    private String lastRollTime = "";
    private int index;
    private EventSerializer current;
    private OutputStream currentStream;
    private Path currentPath;
    private long openedAt;

    FileRollSink(Files files, EventFormat format, long rollMillis, int batchSize) {
        super(batchSize);
        this.files = files;
        this.format = format;
        this.rollMillis = rollMillis;
    }

    @Override
    public void start(SinkContext context) throws Exception {
        super.start(context);
        java.nio.file.Files.createDirectories(files.directory());
    }

    @Override
    public List<Resource> resources() {
        return List.of(Resource.directory(files.directory()));
    }

    @Override
    public Status process() throws EventDeliveryException {
        if (current != null && rollMillis > 0 && System.currentTimeMillis() - openedAt >= rollMillis) {
            closeCurrent();
        }
        return super.process();
    }

    @Override
    protected void deliver(List<Event> batch) throws IOException {
        if (current == null) {
            open();
        }
        try {
            for (Event e : batch) {
                current.write(e);
            }
            current.flush();
            currentStream.flush();
        } catch (IOException e) {
            // the batch rolls back into the channel; its retry goes to a fresh file, not after a torn write
            closeCurrent();
            throw e;
        }
    }

    /** Opens the next file; counted as Flume counts it, a file being the sink's connection. */
    private void open() throws IOException {
        currentPath = files.directory().resolve(nextName());
        try {
            currentStream = new BufferedOutputStream(java.nio.file.Files.newOutputStream(currentPath), 64 * 1024);
        } catch (IOException e) {
            context().counter().increment(SinkCounter.Name.ConnectionFailedCount);
            throw e;
        }
        context().counter().increment(SinkCounter.Name.ConnectionCreatedCount);
        current = format.open(currentStream);
        current.afterCreate();
        openedAt = System.currentTimeMillis();
        LOG.debug("[{}] writing {}", context().label(), currentPath);
    }

    private String nextName() {
        StringBuilder name = new StringBuilder(files.prefix());
        if (files.naming() == FileRollSinkConfig.PathManager.ROLLTIME) {
            String now = ROLL_TIME.format(LocalDateTime.now());
            if (!now.equals(lastRollTime)) {
                index = 0;
                lastRollTime = now;
            }
            name.append(now);
        } else {
            name.append(seriesStart);
        }
        name.append('-').append(++index);
        if (!files.extension().isEmpty()) {
            name.append('.').append(files.extension());
        }
        return name.toString();
    }

    /** Finishes the file (an Avro file's last block) and closes it. */
    private void closeCurrent() {
        try (OutputStream out = currentStream) {
            current.flush();
            current.beforeClose();
            out.flush();
            context().counter().increment(SinkCounter.Name.ConnectionClosedCount);
        } catch (IOException e) {
            context().counter().increment(SinkCounter.Name.ConnectionFailedCount);
            LOG.error("[{}] closing {} failed: {}", context().label(), currentPath, e.toString());
        }
        current = null;
    }

    @Override
    public void stop() {
        if (current != null) {
            closeCurrent();
        }
    }
}

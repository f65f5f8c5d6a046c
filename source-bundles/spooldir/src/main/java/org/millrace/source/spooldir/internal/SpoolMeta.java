package org.millrace.source.spooldir.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.millrace.serialization.PositionTracker;

/**
 * Flume's spooling-directory meta file ({@code .flumespool-main.meta} in the tracker directory): an Avro data file
 * whose metadata {@code file} names the file being read and whose records {@code TransferStateFileMeta} are the
 * positions committed, the last one counting. A position is appended (and flushed) at every commit, so a killed
 * agent resumes after the last committed batch, and an agent replacing Flume resumes where Flume stopped.
 */
final class SpoolMeta implements PositionTracker, AutoCloseable {
    static final String FILE_NAME = ".flumespool-main.meta";
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"namespace\":"
            + " \"org.apache.flume.serialization\", \"type\": \"record\", \"name\": \"TransferStateFileMeta\","
            + " \"fields\": [{\"name\": \"offset\", \"type\": \"long\"}]}");

    /** What a meta file says: the file being read and the position committed. */
    record Recorded(String target, long position) {
    }

    private final Path path;
    private final DataFileWriter<GenericRecord> writer;
    private final GenericRecord record = new GenericData.Record(SCHEMA);

    private SpoolMeta(Path path, DataFileWriter<GenericRecord> writer) {
        this.path = path;
        this.writer = writer;
    }

    /**
     * What the meta file records; null if there is none (or it is empty). A last position cut short by a kill is
     * skipped: the one before counts.
     */
    static Recorded read(Path path) throws IOException {
        try {
            if (Files.size(path) == 0) {
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(path.toFile(),
                new GenericDatumReader<>(SCHEMA))) {
            String target = reader.getMetaString("file");
            long position = 0;
            try {
                GenericRecord r = null;
                while (reader.hasNext()) {
                    r = reader.next(r);
                    position = (Long) r.get("offset");
                }
            } catch (RuntimeException | IOException cutShort) {
                // the last block was being written when the agent stopped: the position before it counts
            }
            return new Recorded(target, position);
        }
    }

    /**
     * Starts the meta file over for {@code target} at {@code position} (written whole, then renamed into place, as
     * Flume rolls it), open for appending positions.
     */
    static SpoolMeta start(Path path, String target, long position) throws IOException {
        Path fresh = path.resolveSibling(path.getFileName() + ".tmp");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            writer.setMeta("file", target);
            writer.create(SCHEMA, fresh.toFile());
            GenericRecord first = new GenericData.Record(SCHEMA);
            first.put("offset", position);
            writer.append(first);
        }
        Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA));
        writer.appendTo(path.toFile());
        return new SpoolMeta(path, writer);
    }

    @Override
    public void store(long position) throws IOException {
        record.put("offset", position);
        writer.append(record);
        writer.sync();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** Closes and removes the meta file: its file is finished. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }
}

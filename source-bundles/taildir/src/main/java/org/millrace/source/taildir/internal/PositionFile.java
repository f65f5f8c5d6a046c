package org.millrace.source.taildir.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flume's taildir position file: a JSON array of {@code {"inode":…,"pos":…,"file":"…"}}, one per tailed file, so
 * an agent that replaces a Flume agent resumes where Flume stopped, and the other way round.
 *
 * <p>It is written after every committed batch, so an agent killed at any moment sends again at most the batch
 * whose position it had not yet written. That write rewrites the file in place with one write of at most a page
 * (padded with spaces to its previous length; JSON readers skip them), which the kernel applies whole even if the
 * process is killed; a larger content, and every {@link #force} (each {@code writePosInterval}, and on stop),
 * replaces the file by renaming a complete copy over it and syncs it to disk.
 */
final class PositionFile implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    /** The largest write the kernel applies whole: one page. */
    private static final int WHOLE_WRITE = 4096;

    /** One file's position. */
    record Entry(long inode, long pos, String file) {
    }

    private final Path path;
    private final Path copy;
    /** Each tailed path as a JSON string's content, quoted once rather than in every write. */
    private final Map<String, String> quoted = new HashMap<>();
    private FileChannel inPlace;
    private int length;

    PositionFile(Path path) {
        this.path = path;
        this.copy = path.resolveSibling(path.getFileName() + ".tmp");
    }

    Path path() {
        return path;
    }

    /**
     * The entries of the file; none if it does not exist.
     *
     * @throws IOException if it cannot be read or is not Flume's format (the message says where)
     */
    static List<Entry> read(Path path) throws IOException {
        List<Entry> entries = new ArrayList<>();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return entries;
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return entries; // Flume writes an empty file when it tails nothing
        }
        try (InputStream in = new java.io.ByteArrayInputStream(content); JsonParser json = JSON.createParser(in)) {
            expect(json, JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                Long inode = null;
                Long pos = null;
                String file = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    JsonToken value = json.nextToken();
                    switch (field) {
                        case "inode" -> inode = json.getLongValue();
                        case "pos" -> pos = json.getLongValue();
                        case "file" -> file = json.getText();
                        default -> json.skipChildren();
                    }
                    if (value == JsonToken.VALUE_NULL) {
                        throw new IOException("null " + field + " at " + json.currentLocation());
                    }
                }
                if (inode == null || pos == null || file == null) {
                    throw new IOException("an entry lacks inode, pos or file, before " + json.currentLocation());
                }
                entries.add(new Entry(inode, pos, file));
            }
            if (json.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("expected an object or ], found " + json.currentToken() + " at "
                        + json.currentLocation());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
        return entries;
    }

    private static void expect(JsonParser json, JsonToken token) throws IOException {
        if (json.nextToken() != token) {
            throw new IOException("expected " + token + " at " + json.currentLocation());
        }
    }

    /** Records the positions; whole against a kill, not yet forced to disk. */
    void write(Collection<Entry> entries) throws IOException {
        byte[] json = json(entries);
        if (json.length > WHOLE_WRITE || inPlace == null && !Files.exists(path)) {
            replace(json, false);
            return;
        }
        if (inPlace == null) {
            inPlace = FileChannel.open(path, StandardOpenOption.WRITE);
            length = (int) Math.min(inPlace.size(), Integer.MAX_VALUE);
            if (length > WHOLE_WRITE) {
                replace(json, false);
                return;
            }
        }
        byte[] padded = json.length >= length ? json : pad(json, length);
        ByteBuffer buffer = ByteBuffer.wrap(padded);
        try {
            while (buffer.hasRemaining()) {
                inPlace.write(buffer, buffer.position());
            }
        } catch (IOException e) {
            closeInPlace(); // e.g. closed by an interrupt: the next write opens the file again
            throw e;
        }
        length = padded.length;
    }

    /** Records the positions and syncs them to disk, replacing the file whole. */
    void force(Collection<Entry> entries) throws IOException {
        replace(json(entries), true);
    }

    private void replace(byte[] json, boolean sync) throws IOException {
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (sync) {
                out.force(true);
            }
        }
        Files.move(copy, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (sync) {
            try (FileChannel directory = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
        closeInPlace();
        length = json.length;
    }

    /** The entries as Flume's JSON, written by hand: it is written after every batch. */
    private byte[] json(Collection<Entry> entries) {
        if (quoted.size() > 4 * entries.size() + 64) {
            quoted.clear(); // paths of files no longer tailed
        }
        StringBuilder json = new StringBuilder(64 + 96 * entries.size()).append('[');
        for (Entry e : entries) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"inode\":").append(e.inode()).append(",\"pos\":").append(e.pos()).append(",\"file\":\"");
            json.append(quoted.computeIfAbsent(e.file(), PositionFile::quote)).append("\"}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    private static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.toString();
    }

    private static byte[] pad(byte[] json, int length) {
        byte[] padded = Arrays.copyOf(json, length);
        Arrays.fill(padded, json.length, length, (byte) ' ');
        return padded;
    }

    private void closeInPlace() throws IOException {
        if (inPlace != null) {
            FileChannel closing = inPlace;
            inPlace = null;
            closing.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeInPlace();
    }
}

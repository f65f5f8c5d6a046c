package com.acme.flume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.serialization.EventSerializer;

/**
 * A Flume event serializer as users write them: one line per event, the value of the header its {@code header}
 * key names (default {@code host}), a comma, the body; a {@code # csv} line when a file is created.
 */
public class CsvSerializer implements EventSerializer {
    private final OutputStream out;
    private final String header;

    CsvSerializer(Context context, OutputStream out) {
        this.out = out;
        this.header = context.getString("header", "host");
    }

    @Override
    public void afterCreate() throws IOException {
        out.write("# csv\n".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void afterReopen() {
    }

    @Override
    public void write(Event event) throws IOException {
        String value = event.getHeaders().getOrDefault(header, "");
        out.write((value + "," + new String(event.getBody(), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
    }

    @Override
    public void beforeClose() {
    }

    @Override
    public boolean supportsReopen() {
        return true;
    }

    /** Flume's builder: made by its no-arg constructor, asked for a serializer per file. */
    public static class Builder implements EventSerializer.Builder {
        @Override
        public EventSerializer build(Context context, OutputStream out) {
            return new CsvSerializer(context, out);
        }
    }
}

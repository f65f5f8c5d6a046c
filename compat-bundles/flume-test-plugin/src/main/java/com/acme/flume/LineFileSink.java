package com.acme.flume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.Transaction;
import org.apache.flume.conf.Configurable;
import org.apache.flume.sink.AbstractSink;

/**
 * A Flume sink as users write them: takes up to {@code batchSize} events in one transaction, appends each event's
 * headers and body as a line to {@code file}, commits; rolls back when the write fails.
 */
public class LineFileSink extends AbstractSink implements Configurable {
    private Path file;
    private int batchSize;

    @Override
    public void configure(Context context) {
        String path = context.getString("file");
        if (path == null) {
            throw new IllegalArgumentException("file is required");
        }
        file = Paths.get(path);
        batchSize = context.getInteger("batchSize", 20);
    }

    @Override
    public Status process() throws EventDeliveryException {
        Channel channel = getChannel();
        Transaction tx = channel.getTransaction();
        tx.begin();
        try {
            StringBuilder lines = new StringBuilder();
            int taken = 0;
            for (; taken < batchSize; taken++) {
                Event event = channel.take();
                if (event == null) {
                    break;
                }
                lines.append(new java.util.TreeMap<>(event.getHeaders())).append(' ')
                        .append(new String(event.getBody(), StandardCharsets.UTF_8)).append('\n');
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
            tx.commit();
            return taken == 0 ? Status.BACKOFF : Status.READY;
        } catch (IOException | RuntimeException e) {
            tx.rollback();
            throw new EventDeliveryException("could not write " + file, e);
        } finally {
            tx.close();
        }
    }
}

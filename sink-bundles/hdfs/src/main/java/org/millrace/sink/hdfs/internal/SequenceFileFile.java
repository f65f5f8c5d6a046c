package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.millrace.api.Event;

/**
 * Flume's SequenceFile: one record per event, key the event's {@code timestamp} header (or the time it is written)
 * as a {@code LongWritable}, value the body as {@code BytesWritable} (writeFormat Writable) or {@code Text};
 * block-compressed when a codec is set. A sync writes a sync marker (and the pending block) before the hflush.
 */
final class SequenceFileFile extends OpenFile {
    /** Flume's hdfs.writeFormat. */
    enum WriteFormat {
        Writable(BytesWritable.class), Text(Text.class);

        final Class<?> valueClass;

        WriteFormat(Class<?> valueClass) {
            this.valueClass = valueClass;
        }
    }

    private final SequenceFile.Writer writer;
    private final WriteFormat format;
    private final LongWritable key = new LongWritable();
    private final BytesWritable bytes = new BytesWritable();
    private final Text text = new Text();

    SequenceFileFile(FSDataOutputStream out, Configuration conf, WriteFormat format, CompressionCodec codec)
            throws IOException {
        super(out);
        this.format = format;
        SequenceFile.CompressionType type = codec == null ? SequenceFile.CompressionType.NONE
                : SequenceFile.CompressionType.BLOCK;
        this.writer = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(out),
                SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(format.valueClass),
                codec == null ? SequenceFile.Writer.compression(type) : SequenceFile.Writer.compression(type, codec));
    }

    @Override
    void append(Event event) throws IOException {
        key.set(timestamp(event));
        byte[] body = event.body();
        if (format == WriteFormat.Text) {
            text.set(body, 0, body.length);
            writer.append(key, text);
        } else {
            bytes.set(body, 0, body.length);
            writer.append(key, bytes);
        }
    }

    private static long timestamp(Event event) throws IOException {
        String header = event.header("timestamp");
        if (header == null) {
            return System.currentTimeMillis();
        }
        try {
            return Long.parseLong(header);
        } catch (NumberFormatException e) {
            throw new IOException("the event's timestamp header '" + header
                    + "' is not milliseconds since 1970, which a SequenceFile key needs");
        }
    }

    @Override
    void finishWrites() throws IOException {
        writer.sync();
    }

    @Override
    void close() throws IOException {
        writer.close(); // the stream is ours, not the writer's
        stream().close();
    }
}

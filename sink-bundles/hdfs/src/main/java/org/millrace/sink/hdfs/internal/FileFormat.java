package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.millrace.serialization.EventFormat;

/** What the sink's files are: Flume's hdfs.fileType with its codec, serializer and writeFormat, checked. */
record FileFormat(Type type, CompressionCodec codec, EventFormat serializer, SequenceFileFile.WriteFormat writeFormat) {

    /** Flume's hdfs.fileType values (matched ignoring case, as Flume). */
    enum Type {
        SequenceFile, DataStream, CompressedStream;

        static Type parse(String value) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("not a file type: use SequenceFile, DataStream or CompressedStream");
        }
    }

    /** Flume's hdfs.writeFormat (matched ignoring case). */
    static SequenceFileFile.WriteFormat writeFormat(String value) {
        for (SequenceFileFile.WriteFormat f : SequenceFileFile.WriteFormat.values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a sequence file write format: use Writable or Text"
                + " (custom SequenceFileSerializer classes need Flume's API; see docs/sinks.md)");
    }

    /** The file name's extension when hdfs.fileSuffix is empty: the codec's, as in Flume. */
    String extension() {
        return codec == null ? "" : codec.getDefaultExtension();
    }

    OpenFile open(FSDataOutputStream out, Configuration conf) throws IOException {
        return switch (type) {
            case SequenceFile -> new SequenceFileFile(out, conf, writeFormat, codec);
            case DataStream, CompressedStream -> new StreamFile(out, serializer, codec);
        };
    }

    @Override
    public String toString() {
        return type + (codec == null ? "" : " " + codec.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }
}

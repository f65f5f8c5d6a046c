package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;

/**
 * Flume's DataStream and CompressedStream files: the serializer's bytes, straight or through a codec. A
 * compressed file's sync finishes the codec's member (a gzip member, a bzip2 stream) so what was synced can be
 * read back whole, and the next event starts a new member, as Flume's {@code HDFSCompressedDataStream} does.
 */
final class StreamFile extends OpenFile {
    private final EventSerializer serializer;
    private final CompressionOutputStream compressed;
    private Compressor compressor;
    private boolean finished;

    StreamFile(FSDataOutputStream out, EventFormat format, CompressionCodec codec) throws IOException {
        super(out);
        if (codec == null) {
            compressed = null;
            serializer = format.open(out);
        } else {
            compressor = CodecPool.getCompressor(codec);
            compressed = codec.createOutputStream(out, compressor);
            serializer = format.open(compressed);
        }
        serializer.afterCreate();
    }

    @Override
    void append(Event event) throws IOException {
        if (finished) {
            compressed.resetState();
            finished = false;
        }
        serializer.write(event);
    }

    @Override
    void finishWrites() throws IOException {
        serializer.flush();
        if (compressed != null && !finished) {
            compressed.finish();
            finished = true;
        }
    }

    @Override
    void close() throws IOException {
        try {
            serializer.flush();
            serializer.beforeClose();
            sync();
            stream().close();
        } finally {
            if (compressor != null) {
                CodecPool.returnCompressor(compressor);
                compressor = null;
            }
        }
    }
}

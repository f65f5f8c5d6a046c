package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.millrace.api.Event;

/** One file being written in one of Flume's {@code hdfs.fileType} formats. Used under its bucket's lock. */
abstract class OpenFile {
    private final FSDataOutputStream out;

    OpenFile(FSDataOutputStream out) {
        this.out = out;
    }

    abstract void append(Event event) throws IOException;

    /** Makes everything appended so far durable on the DataNodes and visible to readers (hflush), as Flume. */
    final void sync() throws IOException {
        finishWrites();
        out.flush();
        out.hflush();
    }

    /** Writes a format's buffered records into the stream (a compressed member, a sequence file block). */
    abstract void finishWrites() throws IOException;

    /** Writes the format's end, flushes and closes the stream. */
    abstract void close() throws IOException;

    final FSDataOutputStream stream() {
        return out;
    }

    /**
     * Whether the block being written has fewer live replicas than wanted, as Flume checks before each event to
     * roll the file onto a fresh pipeline; false where the file system does not say (file://).
     */
    final boolean underReplicated(int wanted) throws IOException {
        return out instanceof HdfsDataOutputStream hdfs && hdfs.getCurrentBlockReplication() < wanted;
    }
}

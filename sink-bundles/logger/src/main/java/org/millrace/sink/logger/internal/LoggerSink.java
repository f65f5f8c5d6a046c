package org.millrace.sink.logger.internal;

import java.util.List;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each event at INFO in Flume's format, e.g.
 * {@code Event: { headers:{} body: 48 65 6C 6C 6F 0D          Hello. }}. Takes up to 100 events per transaction
 * (Flume's takes one); the log shows the same lines.
 */
final class LoggerSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(LoggerSink.class);
    private static final int BATCH = 100;

    private final int maxBytesToLog;

    LoggerSink(int maxBytesToLog) {
        super(BATCH);
        this.maxBytesToLog = maxBytesToLog;
    }

    @Override
    protected void deliver(List<Event> batch) {
        if (LOG.isInfoEnabled()) {
            for (Event event : batch) {
                LOG.info("Event: {}", dump(event, maxBytesToLog));
            }
        }
    }

    /**
     * Flume's {@code EventHelper.dumpEvent}: headers, then the first {@code maxBytes} of the body as a hex dump
     * (16 bytes a line: hex, then printable ASCII with '.' for the rest), without the offset column.
     */
    static String dump(Event event, int maxBytes) {
        byte[] body = event.body();
        int length = Math.min(body.length, maxBytes);
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < length; line += 16) {
            if (line > 0) {
                out.append(System.lineSeparator()).append(String.format("%08X", line));
            }
            int n = Math.min(16, length - line);
            out.append(' ');
            for (int k = 0; k < 16; k++) {
                if (k < n) {
                    out.append(Character.toUpperCase(Character.forDigit((body[line + k] >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(body[line + k] & 0xF, 16)));
                } else {
                    out.append("  ");
                }
                out.append(' ');
            }
            for (int k = 0; k < n; k++) {
                byte b = body[line + k];
                out.append(b >= ' ' && b < 127 ? (char) b : '.');
            }
        }
        return "{ headers:" + (event.hasHeaders() ? event.headers() : "{}") + " body:" + out + " }";
    }
}

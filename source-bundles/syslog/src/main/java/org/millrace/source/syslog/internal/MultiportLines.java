package org.millrace.source.syslog.internal;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The multiport source's line framing, as Flume's: a line ends at a newline; one that reaches eventSize bytes
 * (the newline counting) is cut there, marked incomplete, and the rest read as the next line. Unlike Flume, an
 * empty line is skipped rather than failing the read it came in. Not thread-safe: one per connection.
 */
final class MultiportLines implements LineFraming {
    private final int maxLength;
    private final byte[] saved;
    private int length;

    MultiportLines(int eventSize) {
        this.maxLength = eventSize;
        this.saved = new byte[eventSize];
    }

    @Override
    public boolean idle() {
        return length == 0;
    }

    @Override
    public SyslogMessage next(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (b == '\n') {
                if (length == 0) {
                    continue;
                }
                return take(false);
            }
            saved[length++] = b;
            if (length == maxLength) {
                return take(true);
            }
        }
        return null;
    }

    private SyslogMessage take(boolean cut) {
        SyslogMessage line = new SyslogMessage(Arrays.copyOf(saved, length), null, false, cut);
        length = 0;
        return line;
    }
}

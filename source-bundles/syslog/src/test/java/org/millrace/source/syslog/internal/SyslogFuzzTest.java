package org.millrace.source.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.time.Clock;
import java.util.Map;
import org.millrace.api.Event;

/**
 * A syslog TCP stream as a hostile sender writes it, in pieces of any size, with newline and octet-counted framing
 * mixed: every message becomes an event (flagged invalid or incomplete if it must) whose body is bounded by the
 * event size (three times it where malformed UTF-8 is replaced, as Flume's parser replaces it), or the connection
 * is refused as too long; nothing else is thrown.
 */
class SyslogFuzzTest {
    private static final int EVENT_SIZE = 2500;
    private static final SyslogFormats ALL_FIELDS = new SyslogFormats(Map.of(), KeepFields.of("all"),
            Clock.systemDefaultZone());
    private static final SyslogFormats NO_FIELDS = new SyslogFormats(Map.of(), KeepFields.of("none"),
            Clock.systemDefaultZone());

    @FuzzTest(maxDuration = "10s")
    void everyMessageBecomesABoundedEventOrTheStreamIsRefused(FuzzedDataProvider data) {
        SyslogFormats formats = data.consumeBoolean() ? ALL_FIELDS : NO_FIELDS;
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogFrameDecoder(EVENT_SIZE,
                new SyslogStreamDecoder(EVENT_SIZE, true), frame -> SyslogStreamDecoder.whole(frame, EVENT_SIZE,
                false)));
        try {
            while (data.remainingBytes() > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(1 + data.consumeInt(0, 700))));
                events(channel, formats);
            }
            channel.finish();
            events(channel, formats);
        } catch (TooLongFrameException refused) {
            channel.releaseInbound(); // the connection is closed with the reason
        }
    }

    private static void events(EmbeddedChannel channel, SyslogFormats formats) {
        for (Object out; (out = channel.readInbound()) != null; ) {
            Event event = formats.event((SyslogMessage) out, "client", "127.0.0.1");
            // a parsed body is text again, as in Flume: each malformed UTF-8 byte becomes U+FFFD, three bytes
            assertTrue(event.body().length <= 3 * EVENT_SIZE, "an event of " + event.body().length + " bytes");
        }
    }
}

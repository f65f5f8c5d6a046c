package org.millrace.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * Lines as a netcat or syslog client sends them, in pieces of any size, counted in bytes or in UTF-8 characters:
 * every line is shorter than the bound and holds no newline; a line that reaches the bound ends the input with one
 * OVERSIZED and nothing after it; nothing is thrown.
 */
class LineDecoderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void linesStayWithinTheBoundAndAnOversizedOneEndsTheInput(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 300);
        boolean characters = data.consumeBoolean();
        EmbeddedChannel channel = new EmbeddedChannel(new LineDecoder(max, characters ? StandardCharsets.UTF_8
                : null));
        boolean oversized = false;
        while (data.remainingBytes() > 0) {
            channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(1 + data.consumeInt(0, 400))));
            for (Object out; (out = channel.readInbound()) != null; ) {
                assertTrue(!oversized, "nothing after OVERSIZED");
                if (out == LineDecoder.OVERSIZED) {
                    oversized = true;
                    continue;
                }
                byte[] line = (byte[]) out;
                int length = line.length;
                if (characters) { // UTF-8 characters: every byte but continuation bytes starts one
                    length = 0;
                    for (byte b : line) {
                        length += (b & 0xC0) != 0x80 ? 1 : 0;
                    }
                }
                assertTrue(length < max, "a line of " + length + " against a bound of " + max);
                for (byte b : line) {
                    assertTrue(b != '\n', "a newline inside a line");
                }
            }
        }
        channel.finishAndReleaseAll();
    }
}

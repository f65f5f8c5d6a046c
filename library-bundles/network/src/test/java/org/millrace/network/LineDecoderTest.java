package org.millrace.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    @Test
    void linesSplitOnNewlineKeepingCarriageReturnsAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(100, null));
        ch.writeInbound(Unpooled.copiedBuffer("one\r\ntw", StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("o\n", StandardCharsets.UTF_8));
        assertArrayEquals("one\r".getBytes(StandardCharsets.UTF_8), ch.readInbound());
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void aLineReachingTheBoundIsRefusedBeforeItIsBufferedAndTheRestDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(5, null));
        ch.writeInbound(Unpooled.copiedBuffer("abcd\nabcdefgh", StandardCharsets.UTF_8));
        assertArrayEquals("abcd".getBytes(StandardCharsets.UTF_8), ch.readInbound());
        assertEquals(LineDecoder.OVERSIZED, ch.readInbound());
        ch.writeInbound(Unpooled.copiedBuffer("more\n", StandardCharsets.UTF_8));
        assertNull(ch.readInbound(), "nothing after an oversized line");
    }

    @Test
    void theBoundCountsCharactersWhenACharsetIsGiven() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(5, StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("ééé\n", StandardCharsets.UTF_8));
        assertArrayEquals("ééé".getBytes(StandardCharsets.UTF_8), ch.readInbound(), "6 bytes, 3 characters");
    }
}

package org.millrace.avro.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Protocol;
import org.apache.avro.io.BinaryDecoder;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;

class RpcCodecTest {

    @Test
    void theProtocolHashIsFlumes() {
        assertEquals("86aadae2c45474c0fe93ffd0f2350a65", HexFormat.of().formatHex(AvroSourceProtocol.md5()));
        assertArrayEquals(Protocol.parse(AvroSourceProtocol.JSON).getMD5(), AvroSourceProtocol.md5(),
                "Avro computes the same hash from the text");
    }

    @Test
    void aBatchCallRoundTripsHeadersAndBodiesByteForByte() throws Exception {
        byte[] binary = {0, 1, (byte) 0xff, 10, 13};
        List<Event> events = List.of(Event.of(Map.of("host", "web1", "ü", "✓"), binary), Event.of("plain"));
        byte[] payload = new RpcCodec.Writer().handshakeRequest(AvroSourceProtocol.md5(), AvroSourceProtocol.JSON,
                AvroSourceProtocol.md5()).call(AvroSourceProtocol.APPEND_BATCH, events).toByteArray();
        BinaryDecoder in = RpcCodec.decoder(payload);
        RpcCodec.HandshakeRequest hs = RpcCodec.readHandshakeRequest(in);
        assertEquals(AvroSourceProtocol.JSON, hs.clientProtocol());
        RpcCodec.Call call = RpcCodec.readCall(in);
        assertEquals(AvroSourceProtocol.APPEND_BATCH, call.message());
        assertEquals(Map.of("host", "web1", "ü", "✓"), call.events().get(0).headers());
        assertArrayEquals(binary, call.events().get(0).body());
        assertEquals("plain", new String(call.events().get(1).body(), StandardCharsets.UTF_8));
    }

    @Test
    void responsesCarryStatusOrError() throws Exception {
        BinaryDecoder ok = RpcCodec.decoder(new RpcCodec.Writer().handshakeResponse(RpcCodec.Match.CLIENT,
                AvroSourceProtocol.JSON, AvroSourceProtocol.md5()).status(AvroSourceProtocol.Status.FAILED)
                .toByteArray());
        assertEquals(RpcCodec.Match.CLIENT, RpcCodec.readHandshakeResponse(ok).match());
        assertEquals(AvroSourceProtocol.Status.FAILED, RpcCodec.readStatus(ok));
        BinaryDecoder error = RpcCodec.decoder(new RpcCodec.Writer().error("boom").toByteArray());
        assertEquals("boom", assertThrows(RpcCodec.RpcException.class, () -> RpcCodec.readStatus(error))
                .getMessage());
    }

    @Test
    void anEmptyMessageNameIsAHandshakePing() throws Exception {
        assertNull(RpcCodec.readCall(RpcCodec.decoder(new byte[] {0, 0})));
    }

    @Test
    void framesJoinTheirBuffersAndRefuseOversizedOnes() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100));
        ByteBuf in = Unpooled.buffer().writeInt(7).writeInt(2).writeInt(2).writeBytes(new byte[] {1, 2})
                .writeInt(1).writeBytes(new byte[] {3});
        channel.writeInbound(in.readRetainedSlice(9));
        assertNull(channel.readInbound(), "a partial frame waits");
        channel.writeInbound(in);
        Frame frame = channel.readInbound();
        assertEquals(7, frame.serial());
        assertArrayEquals(new byte[] {1, 2, 3}, frame.payload());
        EmbeddedChannel small = new EmbeddedChannel(new FrameDecoder(100));
        assertThrows(DecoderException.class, () -> small.writeInbound(Unpooled.buffer().writeInt(1).writeInt(1)
                .writeInt(101)));
        EmbeddedChannel garbage = new EmbeddedChannel(new FrameDecoder(100));
        assertThrows(DecoderException.class, () -> garbage.writeInbound(Unpooled.wrappedBuffer(
                "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }
}

package org.millrace.avro.rpc.internal;

import org.millrace.avro.rpc.AvroSourceProtocol;

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
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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
        AvroBinary.Reader in = RpcCodec.decoder(payload);
        RpcCodec.HandshakeRequest hs = RpcCodec.readHandshakeRequest(in);
        assertEquals(AvroSourceProtocol.JSON, hs.clientProtocol());
        RpcCodec.Call call = RpcCodec.readCall(in);
        assertEquals(AvroSourceProtocol.APPEND_BATCH, call.message());
        assertEquals(Map.of("host", "web1", "ü", "✓"), call.events().get(0).headers());
        assertArrayEquals(binary, call.events().get(0).body());
        assertEquals("plain", new String(call.events().get(1).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aCallInPiecesOfAnySizeIsReadWhereThePiecesLie() throws Exception {
        // headers repeated across events (the reader's string cache), a body longer than some pieces, empty values
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(Event.of(Map.of("host", "web" + (i % 3), "timestamp", String.valueOf(1_700_000_000_000L + i),
                    "empty", ""), ("line " + i + " " + "x".repeat(i * 7)).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] message = new RpcCodec.Writer().call(AvroSourceProtocol.APPEND_BATCH, events).toByteArray();
        List<Event> whole = RpcCodec.readCall(RpcCodec.decoder(message)).events();
        for (int size = 1; size <= message.length; size += size < 40 ? 1 : 37) {
            for (boolean direct : new boolean[] {true, false}) {
                // Avro's framing, with an empty piece in the middle as a sender may write one
                ByteBuf in = direct ? Unpooled.directBuffer() : Unpooled.buffer();
                int pieces = (message.length + size - 1) / size + 1;
                in.writeInt(3).writeInt(pieces);
                for (int at = 0, n = 0; n < pieces; n++) {
                    int length = n == pieces / 2 ? 0 : Math.min(size, message.length - at);
                    in.writeInt(length).writeBytes(message, at, length);
                    at += length;
                }
                EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
                channel.writeInbound(in);
                Frame frame = channel.readInbound();
                try {
                    assertArrayEquals(message, frame.message(), "pieces of " + size);
                    List<Event> read = RpcCodec.readCall(frame.reader()).events();
                    assertEquals(whole.size(), read.size());
                    for (int i = 0; i < whole.size(); i++) {
                        assertEquals(whole.get(i).headers(), read.get(i).headers(), "pieces of " + size);
                        assertArrayEquals(whole.get(i).body(), read.get(i).body(), "pieces of " + size);
                    }
                } finally {
                    frame.release();
                }
                assertEquals(0, in.refCnt(), "the frame held the only reference to the arrived bytes");
            }
        }
    }

    @Test
    void responsesCarryStatusOrError() throws Exception {
        AvroBinary.Reader ok = RpcCodec.decoder(new RpcCodec.Writer().handshakeResponse(RpcCodec.Match.CLIENT,
                AvroSourceProtocol.JSON, AvroSourceProtocol.md5()).status(AvroSourceProtocol.Status.FAILED)
                .toByteArray());
        assertEquals(RpcCodec.Match.CLIENT, RpcCodec.readHandshakeResponse(ok).match());
        assertEquals(AvroSourceProtocol.Status.FAILED, RpcCodec.readStatus(ok));
        AvroBinary.Reader error = RpcCodec.decoder(new RpcCodec.Writer().error("boom").toByteArray());
        assertEquals("boom", assertThrows(RpcCodec.RpcException.class, () -> RpcCodec.readStatus(error))
                .getMessage());
    }

    /** The events array of appendBatch, as Avro's own library sees the protocol. */
    private static Schema eventsSchema() {
        return Protocol.parse(AvroSourceProtocol.JSON).getMessages().get("appendBatch").getRequest().getField("events")
                .schema();
    }

    @Test
    void avrosOwnReaderDecodesWhatWeWrite() throws Exception {
        byte[] payload = new RpcCodec.Writer().call(AvroSourceProtocol.APPEND_BATCH, List.of(
                Event.of(Map.of("k", "v"), new byte[] {9, 8}), Event.of("x"))).toByteArray();
        var in = DecoderFactory.get().binaryDecoder(payload, null);
        in.readMapStart();
        assertEquals("appendBatch", in.readString());
        @SuppressWarnings("unchecked")
        List<GenericRecord> events = (List<GenericRecord>) new GenericDatumReader<>(eventsSchema()).read(null, in);
        assertEquals(2, events.size());
        assertEquals("v", ((Map<?, ?>) events.get(0).get("headers")).values().iterator().next().toString());
        assertArrayEquals(new byte[] {9, 8}, ((java.nio.ByteBuffer) events.get(0).get("body")).array());
    }

    @Test
    void weReadWhatAvrosOwnWriterWrites() throws Exception {
        Schema eventSchema = eventsSchema().getElementType();
        List<GenericRecord> events = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GenericRecord r = new GenericData.Record(eventSchema);
            r.put("headers", Map.of("n", String.valueOf(i), "ß", "∑"));
            r.put("body", java.nio.ByteBuffer.wrap(new byte[] {(byte) i, (byte) 200}));
            events.add(r);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().blockingBinaryEncoder(bytes, null);
        out.writeMapStart();
        out.setItemCount(0);
        out.writeMapEnd();
        out.writeString("appendBatch");
        new GenericDatumWriter<List<GenericRecord>>(eventsSchema()).write(events, out);
        out.flush();
        RpcCodec.Call call = RpcCodec.readCall(RpcCodec.decoder(bytes.toByteArray()));
        assertEquals(3, call.events().size());
        assertEquals(Map.of("n", "2", "ß", "∑"), call.events().get(2).headers());
        assertArrayEquals(new byte[] {2, (byte) 200}, call.events().get(2).body());
    }

    @Test
    void aCallCutShortIsAnErrorNotAGuess() {
        byte[] payload = new RpcCodec.Writer().call(AvroSourceProtocol.APPEND_BATCH, List.of(Event.of("abc")))
                .toByteArray();
        assertThrows(java.io.IOException.class, () -> RpcCodec.readCall(RpcCodec.decoder(
                java.util.Arrays.copyOf(payload, payload.length - 2))));
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
        assertArrayEquals(new byte[] {1, 2, 3}, frame.message());
        frame.release();
        ByteBuf single = Unpooled.buffer().writeInt(8).writeInt(1).writeInt(2).writeBytes(new byte[] {4, 5})
                .writeInt(9).writeInt(1).writeInt(1).writeBytes(new byte[] {6});
        channel.writeInbound(single);
        Frame first = channel.readInbound();
        Frame second = channel.readInbound();
        assertEquals(8, first.serial());
        assertArrayEquals(new byte[] {4, 5}, first.message());
        assertEquals(9, second.serial());
        assertArrayEquals(new byte[] {6}, second.message());
        first.release();
        second.release();
        assertEquals(0, single.refCnt(), "the frames held the only references to the arrived bytes");
        EmbeddedChannel small = new EmbeddedChannel(new FrameDecoder(100));
        assertThrows(DecoderException.class, () -> small.writeInbound(Unpooled.buffer().writeInt(1).writeInt(1)
                .writeInt(101)));
        EmbeddedChannel garbage = new EmbeddedChannel(new FrameDecoder(100));
        assertThrows(DecoderException.class, () -> garbage.writeInbound(Unpooled.wrappedBuffer(
                "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }
}

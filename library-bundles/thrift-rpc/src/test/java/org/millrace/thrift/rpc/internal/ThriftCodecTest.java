package org.millrace.thrift.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flume.thrift.Status;
import org.apache.flume.thrift.ThriftFlumeEvent;
import org.apache.flume.thrift.ThriftSourceProtocol;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.millrace.api.Event;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/**
 * The codec against the classes Thrift generated for Flume 1.11's SDK, over libthrift: what one writes the other
 * reads, in both protocols, for calls and answers.
 */
class ThriftCodecTest {
    private final Random random = new Random(5);

    private static TProtocol protocol(ThriftProtocol p, TMemoryBuffer buffer) {
        return p == ThriftProtocol.COMPACT ? new TCompactProtocol(buffer) : new TBinaryProtocol(buffer);
    }

    private List<ThriftFlumeEvent> flumeEvents(int n) {
        List<ThriftFlumeEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            events.add(new ThriftFlumeEvent(i % 3 == 0 ? Map.of() : Map.of("seq", "e" + i, "h", "wéb"),
                    ByteBuffer.wrap(body)));
        }
        return events;
    }

    private static byte[] bytes(TMemoryBuffer buffer) {
        byte[] all = buffer.getArray();
        byte[] out = new byte[buffer.length()];
        System.arraycopy(all, 0, out, 0, out.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(ThriftProtocol.class)
    void readsWhatFlumesClientSends(ThriftProtocol p) throws Exception {
        for (int n : new int[] {0, 1, 14, 15, 200}) {
            List<ThriftFlumeEvent> sent = flumeEvents(n);
            TMemoryBuffer buffer = new TMemoryBuffer(1024);
            new ThriftSourceProtocol.Client(protocol(p, buffer)).send_appendBatch(sent);
            ThriftCodec.Call call = ThriftCodec.readCall(Unpooled.wrappedBuffer(bytes(buffer)), p);
            assertEquals(true, call.batch());
            assertEquals(n, call.events().size());
            for (int i = 0; i < n; i++) {
                assertEquals(sent.get(i).getHeaders(), call.events().get(i).headers());
                assertArrayEquals(sent.get(i).getBody(), call.events().get(i).body());
            }
        }
        TMemoryBuffer one = new TMemoryBuffer(64);
        new ThriftSourceProtocol.Client(protocol(p, one)).send_append(new ThriftFlumeEvent(Map.of("a", "b"),
                ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8))));
        ThriftCodec.Call append = ThriftCodec.readCall(Unpooled.wrappedBuffer(bytes(one)), p);
        assertEquals(false, append.batch());
        assertEquals("x", new String(append.events().get(0).body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ThriftProtocol.class)
    void flumesServerReadsWhatWeSendAndWeReadItsAnswer(ThriftProtocol p) throws Exception {
        List<Event> events = List.of(Event.withHeaders("one".getBytes(StandardCharsets.UTF_8), "k", "v"),
                Event.of(new byte[0]), Event.of("x".repeat(5000)));
        ByteBuf call = Unpooled.buffer();
        ThriftCodec.writeBatchCall(call, p, 7, events);
        List<List<ThriftFlumeEvent>> received = new ArrayList<>();
        ThriftSourceProtocol.Iface server = new ThriftSourceProtocol.Iface() {
            @Override
            public Status append(ThriftFlumeEvent event) {
                return Status.ERROR;
            }

            @Override
            public Status appendBatch(List<ThriftFlumeEvent> batch) {
                received.add(batch);
                return Status.FAILED;
            }
        };
        byte[] callBytes = new byte[call.readableBytes()];
        call.readBytes(callBytes);
        TMemoryBuffer in = new TMemoryBuffer(callBytes.length);
        in.write(callBytes);
        TMemoryBuffer out = new TMemoryBuffer(64);
        new ThriftSourceProtocol.Processor<>(server).process(protocol(p, in), protocol(p, out));
        assertEquals(3, received.get(0).size());
        assertEquals(Map.of("k", "v"), received.get(0).get(0).getHeaders());
        assertEquals(5000, received.get(0).get(2).getBody().length);
        assertEquals(ThriftStatus.FAILED, ThriftCodec.readReply(Unpooled.wrappedBuffer(bytes(out)), p, 7));
    }

    @ParameterizedTest
    @EnumSource(ThriftProtocol.class)
    void flumesClientReadsOurAnswer(ThriftProtocol p) throws Exception {
        for (ThriftStatus status : ThriftStatus.values()) {
            ByteBuf reply = Unpooled.buffer();
            ThriftCodec.writeReply(reply, p, new ThriftCodec.Message(ThriftCodec.APPEND_BATCH, ThriftCodec.CALL, 0),
                    status);
            byte[] replyBytes = new byte[reply.readableBytes()];
            reply.readBytes(replyBytes);
            TMemoryBuffer in = new TMemoryBuffer(replyBytes.length);
            in.write(replyBytes);
            assertEquals(status.name(), new ThriftSourceProtocol.Client(protocol(p, in)).recv_appendBatch().name());
        }
        ByteBuf unknown = Unpooled.buffer();
        ThriftCodec.writeUnknownMethod(unknown, p, new ThriftCodec.Message("appendBatch", ThriftCodec.CALL, 0));
        byte[] unknownBytes = new byte[unknown.readableBytes()];
        unknown.readBytes(unknownBytes);
        TMemoryBuffer in = new TMemoryBuffer(unknownBytes.length);
        in.write(unknownBytes);
        assertThrows(org.apache.thrift.TApplicationException.class,
                () -> new ThriftSourceProtocol.Client(protocol(p, in)).recv_appendBatch());
    }

    @ParameterizedTest
    @EnumSource(ThriftProtocol.class)
    void anotherMethodOrGarbageIsRefused(ThriftProtocol p) throws Exception {
        ByteBuf other = Unpooled.buffer();
        TMemoryBuffer buffer = new TMemoryBuffer(64);
        TProtocol out = protocol(p, buffer);
        out.writeMessageBegin(new org.apache.thrift.protocol.TMessage("drop", (byte) 1, 3));
        out.writeStructBegin(new org.apache.thrift.protocol.TStruct("x"));
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        other.writeBytes(bytes(buffer));
        assertThrows(ThriftCodec.UnknownMethod.class, () -> ThriftCodec.readCall(other, p));
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        assertThrows(ThriftCodec.ProtocolException.class, () -> ThriftCodec.readCall(Unpooled.wrappedBuffer(garbage),
                p));
    }
}

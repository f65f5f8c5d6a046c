package org.millrace.thrift.rpc.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.millrace.thrift.rpc.ThriftProtocol;

/**
 * A framed thrift call as a hostile client sends it, in either protocol: it is read, or refused as a protocol
 * error or an unknown method; no other exception, and no allocation beyond the frame's own size.
 */
class ThriftCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void callsAreReadOrRefused(FuzzedDataProvider data) {
        ThriftProtocol protocol = data.consumeBoolean() ? ThriftProtocol.COMPACT : ThriftProtocol.BINARY;
        ByteBuf frame = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        try {
            ThriftCodec.readCall(frame, protocol);
        } catch (ThriftCodec.ProtocolException | ThriftCodec.UnknownMethod refused) {
            // answered with an error, or the connection closed
        } finally {
            frame.release();
        }
    }
}

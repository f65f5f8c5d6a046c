package org.millrace.avro.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Avro's Netty framing as a hostile peer sends it, in pieces of any size: every frame decodes within the limit, or
 * the connection is refused with the decoder's own exceptions, and the call in a frame of many buffers is read or
 * refused with the codec's own; nothing else is thrown, nothing leaks.
 */
class FrameDecoderFuzzTest {
    private static final int MAX_FRAME = 64 * 1024;

    @FuzzTest(maxDuration = "10s")
    void framesDecodeWithinTheLimitOrAreRefused(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        try {
            while (data.remainingBytes() > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(1 + data.consumeInt(0, 512))));
                drain(channel);
            }
            channel.finish();
            drain(channel);
            channel.releaseInbound();
        } catch (CorruptedFrameException | TooLongFrameException refused) {
            channel.releaseInbound(); // the connection is closed with the reason
        }
    }

    private static void drain(EmbeddedChannel channel) {
        for (Object out; (out = channel.readInbound()) != null; ) {
            if (out instanceof Frame frame) {
                assertTrue(frame.message().length <= MAX_FRAME, "a frame over the limit");
                try {
                    RpcCodec.readCall(frame.reader()); // read across its pieces where they lie
                } catch (IOException | RpcCodec.RpcException refused) {
                    // the call's own error, sent back to the client
                }
            }
            ReferenceCountUtil.release(out instanceof Frame frame ? frame.payload() : out);
        }
    }
}

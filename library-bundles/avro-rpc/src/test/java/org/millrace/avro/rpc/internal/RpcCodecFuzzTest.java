package org.millrace.avro.rpc.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * A handshake and a call as a hostile peer sends them: each is read, or refused with an IOException or an
 * RpcException naming why; no other exception, and no allocation beyond the message's own size (Avro lengths
 * are checked against the bytes left before anything is allocated).
 */
class RpcCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void requestsAreReadOrRefused(byte[] message) {
        AvroBinary.Reader in = RpcCodec.decoder(message);
        try {
            RpcCodec.readHandshakeRequest(in);
            RpcCodec.readCall(in);
        } catch (IOException | RpcCodec.RpcException refused) {
            // answered with an error; the connection goes on or closes
        }
    }
}

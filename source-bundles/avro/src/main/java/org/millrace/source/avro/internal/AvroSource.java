package org.millrace.source.avro.internal;

import java.util.List;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.CallHandler;
import org.millrace.network.RpcServerSource;
import org.millrace.network.TcpServer;

/**
 * Flume's avro source on the network toolkit. A call's events are committed to the channels before the answer:
 * OK, or FAILED when a channel refuses them (the sender keeps them and retries), so nothing is acknowledged and
 * then lost. Calls are decoded straight from the frame into events and committed on the connection's I/O thread:
 * handing each batch to another thread and the answer back costs two wake-ups per call, more than the work
 * itself. So the source has I/O threads of its own: a commit waiting for room in a full channel holds back only
 * the connections sharing its thread, which write to the same channels.
 *
 * <p>Bad input is refused and counted ({@code EventReadFail}), and the connection closed, while other clients are
 * served: a frame that does not parse or exceeds {@code max-frame-bytes}, a frame cut short by the peer, and a peer
 * that opens a connection (or starts a frame) and then sends nothing for {@code stall-timeout} seconds.
 */
final class AvroSource extends RpcServerSource implements CallHandler {
    /** What the source's own configuration says, converted and checked. */
    record Settings(int threads, int compressionLevel, int maxFrameBytes, int stallSeconds) {
    }

    private final Settings settings;

    AvroSource(String bind, int port, TcpServer.Settings network, Settings settings) {
        super(bind, port, network);
        this.settings = settings;
    }

    /** Calls are committed on the I/O threads, so the source has threads of its own (0: one per processor). */
    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        return server.ownIoThreads(settings.threads())
                .transport(p -> AvroRpc.deflate(p, settings.compressionLevel()))
                .handlers(ch -> AvroRpc.serve(ch.pipeline(), settings.maxFrameBytes(), settings.stallSeconds(), this));
    }

    /** Commits the call's events, in batches the channels accept; FAILED if a channel refuses. */
    @Override
    public AvroSourceProtocol.Status deliver(List<Event> events, boolean batch) {
        return commit(events, batch) == Outcome.COMMITTED ? AvroSourceProtocol.Status.OK
                : AvroSourceProtocol.Status.FAILED;
    }
}

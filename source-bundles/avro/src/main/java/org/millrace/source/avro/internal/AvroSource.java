package org.millrace.source.avro.internal;

import java.net.SocketAddress;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.CallHandler;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.AppendReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

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
final class AvroSource extends TcpServerSource implements CallHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSource.class);

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

    @Override
    public void refused(SocketAddress peer, String what) {
        context().counter().increment(EventReadFail);
        LOG.warn("[{}] {} {}; connection closed", context().label(), peer, what);
    }

    /** Commits the call's events, in batches the channels accept; FAILED if a channel refuses. */
    @Override
    public AvroSourceProtocol.Status deliver(List<Event> events, boolean batch) {
        SourceContext context = context();
        SourceCounter counter = context.counter();
        counter.increment(batch ? AppendBatchReceivedCount : AppendReceivedCount);
        counter.add(EventReceivedCount, events.size());
        ChannelProcessor processor = context.channelProcessor();
        try {
            for (int from = 0; from < events.size(); ) {
                int to = Math.min(events.size(), from + Math.max(1, processor.maxBatchSize()));
                processor.processEventBatch(events.subList(from, to));
                from = to;
            }
        } catch (ChannelException e) {
            counter.increment(ChannelWriteFail);
            LOG.debug("[{}] {} events refused, answering FAILED: {}", context.label(), events.size(), e.getMessage());
            return AvroSourceProtocol.Status.FAILED;
        } catch (RuntimeException e) {
            counter.increment(GenericProcessingFail);
            LOG.warn("[{}] {} events failed, answering FAILED: {}", context.label(), events.size(), e.toString());
            return AvroSourceProtocol.Status.FAILED;
        }
        counter.increment(batch ? AppendBatchAcceptedCount : AppendAcceptedCount);
        counter.add(EventAcceptedCount, events.size());
        return AvroSourceProtocol.Status.OK;
    }
}

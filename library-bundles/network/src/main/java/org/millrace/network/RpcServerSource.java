package org.millrace.network;

import static org.millrace.api.SourceCounter.Name.AppendAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.AppendReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

import java.net.SocketAddress;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of Flume's RPC sources (avro, thrift): a call's events are committed to the channels, in batches
 * they accept, before the call is answered, so nothing is acknowledged and then lost; a refused peer is counted
 * ({@code EventReadFail}). Flume's append counters are kept.
 */
public abstract class RpcServerSource extends TcpServerSource {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServerSource.class);

    /** What became of a call's events. */
    protected enum Outcome {
        /** Committed. */
        COMMITTED,
        /** A channel refused them (full): the sender keeps them and retries. */
        REFUSED,
        /** Something else failed. */
        FAILED
    }

    /** A source on this address; see {@link TcpServerSource}. */
    protected RpcServerSource(String host, int port, TcpServer.Settings network) {
        super(host, port, network);
    }

    /** Counts and reports a peer whose connection was closed for what it sent. */
    public final void refused(SocketAddress peer, String what) {
        context().counter().increment(EventReadFail);
        LOG.warn("[{}] {} {}; connection closed", context().label(), peer, what);
    }

    /** Commits a call's events ({@code batch}: an appendBatch rather than an append call). */
    protected final Outcome commit(List<Event> events, boolean batch) {
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
            LOG.debug("[{}] {} events refused: {}", context.label(), events.size(), e.getMessage());
            return Outcome.REFUSED;
        } catch (RuntimeException e) {
            counter.increment(GenericProcessingFail);
            LOG.warn("[{}] {} events failed: {}", context.label(), events.size(), e.toString());
            return Outcome.FAILED;
        }
        counter.increment(batch ? AppendBatchAcceptedCount : AppendAcceptedCount);
        counter.add(EventAcceptedCount, events.size());
        return Outcome.COMMITTED;
    }
}

package org.millrace.source.thrift.internal;

import java.net.SocketAddress;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftStatus;
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
 * Flume's thrift source on the network toolkit (Flume runs a thread per connection or a selector server): a
 * call's events are committed before the answer, OK, or FAILED when a channel refuses them (the sender keeps them
 * and retries). Calls are committed on the source's own I/O threads, as a commit may wait for its channel. A
 * frame that does not decode or is over the bound closes the connection and is counted.
 */
final class ThriftSource extends TcpServerSource implements ThriftCallHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThriftSource.class);

    /** The source's own settings, checked. */
    record Settings(int threads, ThriftProtocol protocol, int maxFrameBytes, int stallSeconds) {
    }

    private final Settings settings;

    ThriftSource(String bind, int port, TcpServer.Settings network, Settings settings) {
        super(bind, port, network);
        this.settings = settings;
    }

    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        return server.ownIoThreads(settings.threads()).handlers(ch -> ThriftRpc.serve(ch.pipeline(),
                settings.protocol(), settings.maxFrameBytes(), settings.stallSeconds(), this));
    }

    @Override
    public void refused(SocketAddress peer, String what) {
        context().counter().increment(EventReadFail);
        LOG.warn("[{}] {} {}; connection closed", context().label(), peer, what);
    }

    @Override
    public ThriftStatus deliver(List<Event> events, boolean batch) {
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
            return ThriftStatus.FAILED;
        } catch (RuntimeException e) {
            counter.increment(GenericProcessingFail);
            LOG.warn("[{}] {} events failed, answering ERROR: {}", context.label(), events.size(), e.toString());
            return ThriftStatus.ERROR;
        }
        counter.increment(batch ? AppendBatchAcceptedCount : AppendAcceptedCount);
        counter.add(EventAcceptedCount, events.size());
        return ThriftStatus.OK;
    }
}

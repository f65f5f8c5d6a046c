package org.millrace.source.thrift.internal;

import java.util.List;
import org.millrace.api.Event;
import org.millrace.network.RpcServerSource;
import org.millrace.network.TcpServer;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftStatus;

/**
 * Flume's thrift source on the network toolkit (Flume runs a thread per connection or a selector server): a
 * call's events are committed before the answer, OK, or FAILED when a channel refuses them (the sender keeps them
 * and retries). Calls are committed on the source's own I/O threads, as a commit may wait for its channel. A
 * frame that does not decode or is over the bound closes the connection and is counted.
 */
final class ThriftSource extends RpcServerSource implements ThriftCallHandler {
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
    public ThriftStatus deliver(List<Event> events, boolean batch) {
        return switch (commit(events, batch)) {
            case COMMITTED -> ThriftStatus.OK;
            case REFUSED -> ThriftStatus.FAILED;
            case FAILED -> ThriftStatus.ERROR;
        };
    }
}

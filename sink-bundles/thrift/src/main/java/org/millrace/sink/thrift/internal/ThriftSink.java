package org.millrace.sink.thrift.internal;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.millrace.network.ClientTls;
import org.millrace.network.RpcClientSink;
import org.millrace.network.TcpClient;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftRpcConnection;
import org.millrace.thrift.rpc.ThriftStatus;

/** Flume's thrift sink: each batch is one appendBatch call (see RpcClientSink). */
final class ThriftSink extends RpcClientSink<ThriftRpcConnection> {

    /** Everything the sink needs, converted and checked. */
    record Settings(String host, int port, int batchSize, long connectTimeoutMillis, long requestTimeoutMillis,
            long resetMillis, ThriftProtocol protocol, ClientTls tls) {
    }

    private final Settings settings;

    ThriftSink(Settings settings) {
        super(settings.batchSize(), settings.resetMillis());
        this.settings = settings;
    }

    @Override
    protected TcpClient.Builder client(SinkContext sinkContext) {
        return TcpClient.to(sinkContext.label(), settings.host(), settings.port())
                .connectTimeoutMillis(settings.connectTimeoutMillis()).tls(settings.tls())
                .handlers(ch -> ThriftRpc.client(ch.pipeline(), settings.protocol()));
    }

    @Override
    protected ThriftRpcConnection connection(Channel channel) {
        return new ThriftRpcConnection(channel);
    }

    @Override
    protected Object call(ThriftRpcConnection connection, List<Event> batch) throws IOException {
        ThriftStatus status = connection.appendBatch(batch, settings.requestTimeoutMillis());
        return status == ThriftStatus.OK ? null : status;
    }
}

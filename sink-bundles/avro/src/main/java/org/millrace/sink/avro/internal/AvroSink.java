package org.millrace.sink.avro.internal;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.avro.rpc.AvroRpcConnection;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.network.ClientTls;
import org.millrace.network.RpcClientSink;
import org.millrace.network.TcpClient;

/** Flume's avro sink: each batch is one appendBatch call, the handshake with the first (see RpcClientSink). */
final class AvroSink extends RpcClientSink<AvroRpcConnection> {

    /** Everything the sink needs, converted and checked. */
    record Settings(String host, int port, int batchSize, long connectTimeoutMillis, long requestTimeoutMillis,
            long resetMillis, int compressionLevel, ClientTls tls, int ioThreads) {
    }

    private final Settings settings;

    AvroSink(Settings settings) {
        super(settings.batchSize(), settings.resetMillis());
        this.settings = settings;
    }

    @Override
    protected TcpClient.Builder client(SinkContext sinkContext) {
        TcpClient.Builder builder = TcpClient.to(sinkContext.label(), settings.host(), settings.port())
                .connectTimeoutMillis(settings.connectTimeoutMillis()).tls(settings.tls())
                .transport(p -> AvroRpc.deflate(p, settings.compressionLevel()))
                .handlers(ch -> AvroRpc.client(ch.pipeline()));
        return settings.ioThreads() > 0 ? builder.ownIoThreads(settings.ioThreads()) : builder;
    }

    @Override
    protected AvroRpcConnection connection(Channel channel) {
        return new AvroRpcConnection(channel);
    }

    @Override
    protected Object call(AvroRpcConnection connection, List<Event> batch) throws IOException {
        AvroSourceProtocol.Status status = connection.appendBatch(batch, settings.connectTimeoutMillis(),
                settings.requestTimeoutMillis());
        return status == AvroSourceProtocol.Status.OK ? null : status;
    }
}

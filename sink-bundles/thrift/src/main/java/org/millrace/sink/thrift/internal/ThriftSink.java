package org.millrace.sink.thrift.internal;

import java.io.IOException;
import java.util.List;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.millrace.network.ClientTls;
import org.millrace.network.TcpClient;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftRpcConnection;
import org.millrace.thrift.rpc.ThriftStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SinkCounter.Name.EventWriteFail;

/**
 * Flume's thrift sink: each batch is one appendBatch call to the next hop, and the channel transaction commits only
 * after the next hop answered OK. A failure (refused connection, timeout, FAILED) rolls the batch back into the
 * channel and drops the connection; the runner backs off and the next attempt connects again.
 */
final class ThriftSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(ThriftSink.class);

    /** Everything the sink needs, converted and checked. */
    record Settings(String host, int port, int batchSize, long connectTimeoutMillis, long requestTimeoutMillis,
            long resetMillis, ThriftProtocol protocol, ClientTls tls) {
    }

    private final Settings settings;
    private TcpClient client;
    private ThriftRpcConnection connection;

    ThriftSink(Settings settings) {
        super(settings.batchSize());
        this.settings = settings;
    }

    @Override
    public void start(SinkContext sinkContext) throws Exception {
        super.start(sinkContext);
        client = TcpClient.to(sinkContext.label(), settings.host(), settings.port())
                .connectTimeoutMillis(settings.connectTimeoutMillis()).tls(settings.tls())
                .counter(sinkContext.counter())
                .handlers(ch -> ThriftRpc.client(ch.pipeline(), settings.protocol())).open();
    }

    @Override
    protected void deliver(List<Event> batch) throws Exception {
        ThriftRpcConnection c = connection();
        ThriftStatus status;
        try {
            status = c.appendBatch(batch, settings.requestTimeoutMillis());
        } catch (IOException e) {
            context().counter().increment(EventWriteFail);
            disconnect();
            throw new IOException("[" + context().label() + "] " + client + " did not take " + batch.size()
                    + " events: " + e.getMessage(), e);
        }
        if (status != ThriftStatus.OK) {
            context().counter().increment(EventWriteFail);
            throw new IOException("[" + context().label() + "] " + client + " answered " + status
                    + " (its channel is likely full); the batch stays here");
        }
    }

    /** The open connection, a new one if there is none or it is due for a reset. */
    private ThriftRpcConnection connection() throws IOException, InterruptedException {
        if (connection != null && settings.resetMillis() > 0
                && System.currentTimeMillis() - connection.openedAt() >= settings.resetMillis()) {
            LOG.debug("[{}] resetting the connection to {}", context().label(), client);
            disconnect();
        }
        if (connection == null || !connection.isOpen()) {
            disconnect();
            connection = new ThriftRpcConnection(client.connect());
        }
        return connection;
    }

    private void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void stop() {
        disconnect();
        if (client != null) {
            client.close();
        }
    }
}

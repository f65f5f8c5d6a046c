package org.millrace.network;

import static org.millrace.api.SinkCounter.Name.EventWriteFail;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of Flume's RPC sinks (avro, thrift): each batch is one call to the next hop, and the channel
 * transaction commits only after the next hop answered OK. A failure (refused connection, timeout, an answer other
 * than OK) rolls the batch back into the channel; a failed call also drops the connection, and the next attempt,
 * after the runner's back-off, connects again. A connection older than the reset interval is replaced.
 *
 * @param <C> the protocol's connection
 */
public abstract class RpcClientSink<C extends RpcConnection> extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(RpcClientSink.class);

    private final long resetMillis;
    private TcpClient client;
    private C connection;

    /**
     * @param batchSize events per call at most
     * @param resetMillis how long a connection is used before it is replaced; 0 for as long as it works
     */
    protected RpcClientSink(int batchSize, long resetMillis) {
        super(batchSize);
        this.resetMillis = resetMillis;
    }

    /** The client to the next hop, its pipeline prepared for the protocol. */
    protected abstract TcpClient.Builder client(SinkContext context);

    /** The protocol's connection over a newly connected channel. */
    protected abstract C connection(Channel channel);

    /**
     * Sends the batch in one call and waits for the answer.
     *
     * @return null if the next hop took the batch, else its answer (e.g. FAILED)
     * @throws IOException if the call failed or was not answered in time
     */
    protected abstract Object call(C connection, List<Event> batch) throws IOException;

    @Override
    public void start(SinkContext sinkContext) throws Exception {
        super.start(sinkContext);
        client = client(sinkContext).counter(sinkContext.counter()).open();
    }

    @Override
    protected final void deliver(List<Event> batch) throws Exception {
        C c = connection();
        Object refused;
        try {
            refused = call(c, batch);
        } catch (IOException e) {
            context().counter().increment(EventWriteFail);
            disconnect();
            throw new IOException("[" + context().label() + "] " + client + " did not take " + batch.size()
                    + " events: " + e.getMessage(), e);
        }
        if (refused != null) {
            context().counter().increment(EventWriteFail);
            throw new IOException("[" + context().label() + "] " + client + " answered " + refused
                    + " (its channel is likely full); the batch stays here");
        }
    }

    /** The open connection, a new one if there is none or it is due for a reset. */
    private C connection() throws IOException, InterruptedException {
        if (connection != null && resetMillis > 0 && System.currentTimeMillis() - connection.openedAt() >= resetMillis) {
            LOG.debug("[{}] resetting the connection to {}", context().label(), client);
            disconnect();
        }
        if (connection == null || !connection.isOpen()) {
            disconnect();
            connection = connection(client.connect());
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

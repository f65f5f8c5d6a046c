package org.millrace.benchmarks.race;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;

/** Load through Flume 1.11's own client SDK (NettyAvroRpcClient, appendBatch), as Flume users send it. */
final class FlumeSdkGenerator extends SenderThreads {

    @Override
    protected Sender sender(String host, int port, int batch, int bodyBytes, int id) {
        Properties p = new Properties();
        p.put("hosts", "h1");
        p.put("hosts.h1", host + ":" + port);
        p.put("batch-size", String.valueOf(batch));
        p.put("request-timeout", "60000");
        p.put("connect-timeout", "60000");
        List<Event> events = new ArrayList<>(batch);
        Random random = new Random(id);
        for (int i = 0; i < batch; i++) {
            byte[] body = new byte[bodyBytes];
            random.nextBytes(body);
            events.add(EventBuilder.withBody(body, Map.of("sender", String.valueOf(id))));
        }
        return new Sender() {
            private RpcClient client = RpcClientFactory.getInstance(p);

            @Override
            public boolean send() {
                try {
                    client.appendBatch(events);
                    return true;
                } catch (EventDeliveryException e) {
                    client.close(); // a Flume client is unusable after a failure
                    client = RpcClientFactory.getInstance(p);
                    return false;
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}

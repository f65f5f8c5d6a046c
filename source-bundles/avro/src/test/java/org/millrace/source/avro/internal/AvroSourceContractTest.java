package org.millrace.source.avro.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The avro source under the source contract, sent to by Flume 1.11's own SDK client. */
class AvroSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new AvroSourceFactory().create(TestContexts.config("sources", "r1", "avro", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    /** One appendBatch call: all acknowledged when it returns, none when the source answers FAILED. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        Properties p = new Properties();
        p.put("hosts", "h1");
        p.put("hosts.h1", "127.0.0.1:" + port);
        p.put("batch-size", String.valueOf(bodies.size()));
        p.put("request-timeout", "30000");
        RpcClient client = RpcClientFactory.getInstance(p);
        try {
            List<org.apache.flume.Event> events = new ArrayList<>();
            bodies.forEach(b -> events.add(EventBuilder.withBody(b.getBytes(StandardCharsets.UTF_8))));
            client.appendBatch(events);
            return bodies;
        } catch (EventDeliveryException refused) {
            return List.of();
        } finally {
            client.close();
        }
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.REFUSES_THE_SENDER;
    }
}

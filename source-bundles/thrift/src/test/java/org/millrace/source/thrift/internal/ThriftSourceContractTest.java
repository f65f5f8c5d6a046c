package org.millrace.source.thrift.internal;

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

/** The thrift source under the source contract, sent to by Flume's SDK thrift client. */
class ThriftSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new ThriftSourceFactory().create(TestContexts.config("sources", "r1", "thrift", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    /** One appendBatch; an answer other than OK acknowledges nothing. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        Properties p = new Properties();
        p.setProperty("client.type", "thrift");
        p.setProperty("hosts", "h1");
        p.setProperty("hosts.h1", "127.0.0.1:" + port);
        p.setProperty("batch-size", String.valueOf(Math.max(1, bodies.size())));
        RpcClient client = RpcClientFactory.getInstance(p);
        try {
            List<org.apache.flume.Event> events = new ArrayList<>();
            bodies.forEach(b -> events.add(EventBuilder.withBody(b, StandardCharsets.UTF_8)));
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

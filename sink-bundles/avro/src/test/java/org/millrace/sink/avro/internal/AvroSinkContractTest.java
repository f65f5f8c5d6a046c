package org.millrace.sink.avro.internal;

import io.netty.channel.ChannelPipeline;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.testkit.TestContexts;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.CallHandler;
import org.millrace.network.testkit.RpcSinkContract;

/** The avro sink under the sink contract, delivering to a real Avro RPC server; failing against a closed port. */
class AvroSinkContractTest extends RpcSinkContract {

    @Override
    protected void serve(ChannelPipeline pipeline, List<Event> received) {
        AvroRpc.serve(pipeline, 1 << 20, 30, new CallHandler() {
            @Override
            public AvroSourceProtocol.Status deliver(List<Event> events, boolean batch) {
                received.addAll(events);
                return AvroSourceProtocol.Status.OK;
            }

            @Override
            public void refused(SocketAddress peer, String what) {
            }
        });
    }

    @Override
    protected Sink create(Map<String, String> properties) throws Exception {
        return new AvroSinkFactory().create(TestContexts.config("sinks", "k1", "avro", properties));
    }
}

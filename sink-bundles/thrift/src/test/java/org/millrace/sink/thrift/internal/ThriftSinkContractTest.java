package org.millrace.sink.thrift.internal;

import io.netty.channel.ChannelPipeline;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.testkit.TestContexts;
import org.millrace.network.testkit.RpcSinkContract;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftStatus;

/** The thrift sink under the sink contract, delivering to a real thrift server; failing against a closed port. */
class ThriftSinkContractTest extends RpcSinkContract {

    @Override
    protected void serve(ChannelPipeline pipeline, List<Event> received) {
        ThriftRpc.serve(pipeline, ThriftProtocol.COMPACT, 1 << 20, 30, new ThriftCallHandler() {
            @Override
            public ThriftStatus deliver(List<Event> events, boolean batch) {
                received.addAll(events);
                return ThriftStatus.OK;
            }

            @Override
            public void refused(SocketAddress peer, String what) {
            }
        });
    }

    @Override
    protected Sink create(Map<String, String> properties) throws Exception {
        return new ThriftSinkFactory().create(TestContexts.config("sinks", "k1", "thrift", properties));
    }
}

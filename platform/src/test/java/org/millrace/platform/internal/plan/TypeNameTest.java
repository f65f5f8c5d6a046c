package org.millrace.platform.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.millrace.platform.internal.plan.PlanFixtures.model;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypeNameTest {

    @Test
    void everyKindOfTypeAFlowNamesIsListedOnceInConfigurationOrder() {
        List<TypeName> named = TypeName.in(model("""
                a1.sources = r1 r2
                a1.channels = c1 c2
                a1.sinks = k1 k2 k3
                a1.sinkgroups = g1
                a1.channels.c1.type = file
                a1.channels.c2.type = file
                a1.sources.r1.type = avro
                a1.sources.r1.channels = c1 c2
                a1.sources.r1.selector.type = multiplexing
                a1.sources.r1.selector.header = h
                a1.sources.r1.interceptors = i1 i2
                a1.sources.r1.interceptors.i1.type = timestamp
                a1.sources.r1.interceptors.i2.type = com.acme.Tag$Builder
                a1.sources.r2.type = avro
                a1.sources.r2.channels = c2
                a1.sinks.k1.type = avro
                a1.sinks.k1.channel = c1
                a1.sinks.k2.type = avro
                a1.sinks.k2.channel = c1
                a1.sinks.k3.type = org.apache.flume.sink.NullSink
                a1.sinks.k3.channel = c2
                a1.sinkgroups.g1.sinks = k1 k2
                a1.sinkgroups.g1.processor.type = failover
                """));
        assertEquals(List.of(new TypeName(ConnectorKind.CHANNEL, "file"), new TypeName(ConnectorKind.SOURCE, "avro"),
                new TypeName(ConnectorKind.SELECTOR, "multiplexing"),
                new TypeName(ConnectorKind.INTERCEPTOR, "timestamp"),
                new TypeName(ConnectorKind.INTERCEPTOR, "com.acme.Tag$Builder"),
                new TypeName(ConnectorKind.SELECTOR, "replicating"), new TypeName(ConnectorKind.SINK, "avro"),
                new TypeName(ConnectorKind.SINK, "org.apache.flume.sink.NullSink"),
                new TypeName(ConnectorKind.SINK_PROCESSOR, "failover"),
                new TypeName(ConnectorKind.SINK_PROCESSOR, "default")), named);
    }
}

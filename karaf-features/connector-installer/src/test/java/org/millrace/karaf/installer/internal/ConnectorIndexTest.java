package org.millrace.karaf.installer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.millrace.karaf.installer.internal.FeatureStubs.feature;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorIndexTest {

    @Test
    void typesAreFoundByKindAndNameInAnyCase() {
        ConnectorIndex index = new ConnectorIndex(
                feature("millrace-source-avro", "1.0.0", "millrace.connector;kind=source;types=avro"),
                feature("millrace-sink-avro", "1.0.0", "millrace.connector;kind=sink;types=\"avro,org.apache.flume.sink.AvroSink\""),
                feature("millrace-sink-processors", "1.0.0",
                        "millrace.connector;kind=\"sink processor\";types=\"failover,load_balance\""));
        assertEquals("millrace-source-avro", index.featureOf("source", "avro").orElseThrow().getName());
        assertEquals("millrace-sink-avro", index.featureOf("sink", "AVRO").orElseThrow().getName());
        assertEquals("millrace-sink-avro", index.featureOf("sink", "org.apache.flume.sink.avrosink").orElseThrow()
                .getName());
        assertEquals("millrace-sink-processors", index.featureOf("sink processor", "load_balance").orElseThrow()
                .getName());
        assertTrue(index.featureOf("channel", "avro").isEmpty());
    }

    @Test
    void aClassNameNoFeatureDeclaresGoesToTheFeatureOfAnyClassOfItsKind() {
        ConnectorIndex index = new ConnectorIndex(
                feature("millrace-interceptor-core", "1.0.0",
                        "millrace.connector;kind=interceptor;types=\"host,org.apache.flume.interceptor.HostInterceptor$Builder\""),
                feature("millrace-flume-plugins", "1.0.0", "millrace.connector;kind=interceptor;types=*"));
        assertEquals("millrace-interceptor-core", index.featureOf("interceptor",
                "org.apache.flume.interceptor.HostInterceptor$Builder").orElseThrow().getName());
        assertEquals("millrace-flume-plugins", index.featureOf("interceptor", "com.acme.Masking$Builder").orElseThrow()
                .getName());
        assertTrue(index.featureOf("interceptor", "masking").isEmpty(), "an alias is no class name");
        assertTrue(index.featureOf("sink", "com.acme.Sink").isEmpty(), "another kind");
    }

    @Test
    void theHigherVersionOfAFeatureDeclaringATypeWins() {
        ConnectorIndex index = new ConnectorIndex(feature("a", "1.2.0", "millrace.connector;kind=sink;types=x"),
                feature("b", "1.10.0", "millrace.connector;kind=sink;types=x"),
                feature("c", "1.9.0", "millrace.connector;kind=sink;types=x"));
        assertEquals("b", index.featureOf("sink", "x").orElseThrow().getName());
    }

    @Test
    void capabilitiesOfOtherNamespacesOrWithoutKindOrTypesAreIgnored() {
        ConnectorIndex index = new ConnectorIndex(feature("f", "1.0.0", "osgi.service;objectClass=\"a;b\"",
                "millrace.connector;types=x", "millrace.connector;kind=sink", "millrace.connectors;kind=sink;types=y"));
        assertTrue(index.featureOf("sink", "x").isEmpty());
        assertTrue(index.featureOf("sink", "y").isEmpty());
        assertNull(ConnectorIndex.attributes("osgi.service;kind=sink;types=x"));
        assertEquals(Map.of("kind", "sink", "types", "a;b"), ConnectorIndex.attributes(
                "millrace.connector; kind = sink ;types=\"a;b\""));
    }
}

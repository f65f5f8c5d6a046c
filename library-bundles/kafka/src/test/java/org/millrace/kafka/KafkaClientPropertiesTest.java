package org.millrace.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;

class KafkaClientPropertiesTest {

    private static ComponentConfig config(Map<String, String> properties) {
        return new ComponentConfig("a1", "k1", "kafka", "a1.sinks.k1.", properties);
    }

    @Test
    void passThroughOverridesDefaultsAndFixedOverridesPassThrough() {
        ComponentConfig config = config(Map.of("kafka.producer.acks", "all", "kafka.producer.linger.ms", " 5 ",
                "kafka.producer.bootstrap.servers", "ignored:1"));
        Map<String, Object> props = KafkaClientProperties.of(config, "kafka.producer.",
                Map.of("acks", "1", "compression.type", "none"), Map.of("bootstrap.servers", "b:9092"));
        assertEquals("all", props.get("acks"));
        assertEquals("5", props.get("linger.ms"));
        assertEquals("none", props.get("compression.type"));
        assertEquals("b:9092", props.get("bootstrap.servers"));
        assertTrue(config.ignoredProperties().isEmpty(), "kafka.producer.* is passed through, not ignored");
    }

    @Test
    void flumesHostnameVerificationSwitchBecomesKafkasEmptyAlgorithm() {
        Map<String, Object> tls = KafkaClientProperties.of(config(Map.of("kafka.consumer.security.protocol", "SSL",
                "kafka.consumer.ssl.disableTLSHostnameVerification", "true")), "kafka.consumer.", Map.of(),
                Map.of());
        assertEquals("", tls.get("ssl.endpoint.identification.algorithm"));
        assertFalse(tls.containsKey(KafkaClientProperties.DISABLE_HOSTNAME_VERIFICATION));

        Map<String, Object> plain = KafkaClientProperties.of(config(Map.of(
                "kafka.consumer.ssl.disableTLSHostnameVerification", "true")), "kafka.consumer.", Map.of(), Map.of());
        assertFalse(plain.containsKey("ssl.endpoint.identification.algorithm"), "only with TLS, as in Flume");
    }

    @Test
    void globalTrustStoreFillsInOnlyWhatTlsSettingsLeaveOut() {
        System.setProperty("javax.net.ssl.trustStore", "/global/truststore.jks");
        try {
            Map<String, Object> unset = KafkaClientProperties.of(config(Map.of("kafka.producer.security.protocol",
                    "SASL_SSL")), "kafka.producer.", Map.of(), Map.of());
            assertEquals("/global/truststore.jks", unset.get("ssl.truststore.location"));
            Map<String, Object> given = KafkaClientProperties.of(config(Map.of("kafka.producer.security.protocol",
                    "SSL", "kafka.producer.ssl.truststore.location", "/mine.jks")), "kafka.producer.", Map.of(),
                    Map.of());
            assertEquals("/mine.jks", given.get("ssl.truststore.location"));
            Map<String, Object> plaintext = KafkaClientProperties.of(config(Map.of()), "kafka.producer.", Map.of(),
                    Map.of());
            assertFalse(plaintext.containsKey("ssl.truststore.location"));
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
        }
    }

    @Test
    void anInvalidProducerPropertyIsNamedWithItsFlumeKeyValueAndKafkasReason() {
        ComponentConfig config = config(Map.of("kafka.producer.acks", "most"));
        Map<String, Object> props = KafkaClientProperties.of(config, "kafka.producer.", Map.of(),
                Map.of("bootstrap.servers", "localhost:9092"));
        List<ConfigProblem> problems = new ArrayList<>();
        KafkaClientProperties.checkProducer(config, "kafka.producer.", props, problems);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("a1.sinks.k1.kafka.producer.acks", problems.get(0).key());
        assertEquals("most", problems.get(0).value());
        assertTrue(problems.get(0).reason().contains("acks"), problems.get(0).reason());
    }

    @Test
    void validConsumerPropertiesPassTheCheck() {
        ComponentConfig config = config(Map.of("kafka.consumer.max.poll.records", "50"));
        Map<String, Object> props = KafkaClientProperties.of(config, "kafka.consumer.", Map.of(),
                Map.of("bootstrap.servers", "localhost:9092", "group.id", "flume"));
        List<ConfigProblem> problems = new ArrayList<>();
        KafkaClientProperties.checkConsumer(config, "kafka.consumer.", props, problems);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void deprecatedNamesGiveTheirValueUnlessTheCurrentNameIsSet() {
        ComponentConfig config = config(Map.of("brokerList", "old:9092", "topic", "t-old", "kafka.topic", "t-new"));
        ComponentConfig read = KafkaClientProperties.withDeprecatedNames(config, Map.of("brokerList",
                "kafka.bootstrap.servers", "topic", "kafka.topic"));
        assertEquals("old:9092", read.get("kafka.bootstrap.servers"));
        assertEquals("t-new", read.get("kafka.topic"));
        assertTrue(read.ignoredProperties().isEmpty(), "old names are known, not ignored: " + read.ignoredProperties());
    }
}

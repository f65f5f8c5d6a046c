package org.millrace.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer's or consumer's properties, made as Flume's Kafka components make them: the component's defaults, then
 * every {@code kafka.producer.*} (or {@code kafka.consumer.*}) property as given, then what the component fixes
 * (bootstrap servers, group id, auto commit off), then Flume's TLS extras: {@code ssl.disableTLSHostnameVerification
 * = true} turns host name checking off, and with {@code security.protocol} SSL or SASL_SSL, key and trust store
 * settings not given come from the JVM's global ones ({@code javax.net.ssl.keyStore}... or Flume's
 * {@code FLUME_SSL_KEYSTORE_PATH}... environment variables).
 */
public final class KafkaClientProperties {
    /** Flume's key for turning TLS host name verification off (Kafka wants an empty string, which Flume cannot hold). */
    static final String DISABLE_HOSTNAME_VERIFICATION = "ssl.disableTLSHostnameVerification";
    private static final Pattern KAFKA_KEY = Pattern.compile("configuration \"?([^\\s\":]+)");
    /** Flume's global TLS settings: Kafka property, JVM system property, environment variable. */
    private static final String[][] GLOBAL_TLS = {
        {"ssl.keystore.location", "javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH"},
        {"ssl.keystore.password", "javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD"},
        {"ssl.keystore.type", "javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"},
        {"ssl.truststore.location", "javax.net.ssl.trustStore", "FLUME_SSL_TRUSTSTORE_PATH"},
        {"ssl.truststore.password", "javax.net.ssl.trustStorePassword", "FLUME_SSL_TRUSTSTORE_PASSWORD"},
        {"ssl.truststore.type", "javax.net.ssl.trustStoreType", "FLUME_SSL_TRUSTSTORE_TYPE"},
    };

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientProperties.class);

    private KafkaClientProperties() {
    }

    /**
     * A client's properties.
     *
     * @param prefix where the pass-through properties are, {@code kafka.producer.} or {@code kafka.consumer.}
     * @param defaults what the component sets unless the pass-through properties say otherwise
     * @param fixed what the component sets over anything given
     */
    public static Map<String, Object> of(ComponentConfig config, String prefix, Map<String, Object> defaults,
            Map<String, Object> fixed) {
        Map<String, Object> properties = new LinkedHashMap<>(defaults);
        config.passThrough(prefix).forEach((k, v) -> properties.put(k, v.trim()));
        properties.putAll(fixed);
        Object disable = properties.remove(DISABLE_HOSTNAME_VERIFICATION);
        if (usesTls(properties)) {
            if ("true".equalsIgnoreCase(String.valueOf(disable))) {
                properties.put("ssl.endpoint.identification.algorithm", "");
            }
            for (String[] global : GLOBAL_TLS) {
                String value = System.getProperty(global[1], System.getenv(global[2]));
                if (value != null) {
                    properties.putIfAbsent(global[0], value);
                }
            }
        }
        return properties;
    }

    /**
     * The configuration with Flume's deprecated names read as Flume reads them: each old key (e.g. {@code brokerList})
     * gives its value to the current key (e.g. {@code kafka.bootstrap.servers}) unless that is set, with a warning.
     */
    public static ComponentConfig withDeprecatedNames(ComponentConfig config, Map<String, String> oldToCurrent) {
        Map<String, String> properties = new LinkedHashMap<>(config.properties());
        oldToCurrent.forEach((old, current) -> {
            String value = config.get(old);
            if (value != null && !value.isEmpty()) {
                LOG.warn("[{}] {} is deprecated: use {}{}", config.label(), config.key(old), config.key(current),
                        properties.containsKey(current) ? ", which is set and wins" : "");
                properties.putIfAbsent(current, value);
            }
        });
        return config.inner(config.type(), properties);
    }

    /**
     * Checks producer properties as Kafka will when the producer is made; a problem names the Flume key
     * ({@code prefix} + Kafka's name), the value and Kafka's reason.
     */
    public static void checkProducer(ComponentConfig config, String prefix, Map<String, Object> properties,
            List<ConfigProblem> problems) {
        check(config, prefix, withSerializers(properties, "key.serializer", "StringSerializer", "value.serializer",
                "ByteArraySerializer"), problems,
                p -> new ProducerConfig(p));
    }

    /** Checks consumer properties as {@link #checkProducer} checks a producer's. */
    public static void checkConsumer(ComponentConfig config, String prefix, Map<String, Object> properties,
            List<ConfigProblem> problems) {
        check(config, prefix, withSerializers(properties, "key.deserializer", "StringDeserializer",
                "value.deserializer", "ByteArrayDeserializer"), problems,
                p -> new ConsumerConfig(p));
    }

    private static void check(ComponentConfig config, String prefix, Map<String, Object> properties,
            List<ConfigProblem> problems, Consumer<Map<String, Object>> kafkaCheck) {
        List<ConfigProblem> found = new ArrayList<>();
        KafkaClients.underKafkaLoader(() -> {
            try {
                kafkaCheck.accept(properties);
            } catch (ConfigException e) {
                Matcher key = KAFKA_KEY.matcher(String.valueOf(e.getMessage()));
                String name = key.find() ? key.group(1) : "";
                Object value = properties.get(name);
                found.add(new ConfigProblem(config.key(prefix + name), value == null ? null : value.toString(),
                        e.getMessage()));
            }
            return null;
        });
        problems.addAll(found);
    }

    /** KafkaClients passes Flume's (de)serializers as instances when the properties name none. */
    private static Map<String, Object> withSerializers(Map<String, Object> properties, String key, String keyClass,
            String value, String valueClass) {
        Map<String, Object> with = new LinkedHashMap<>(properties);
        with.putIfAbsent(key, "org.apache.kafka.common.serialization." + keyClass);
        with.putIfAbsent(value, "org.apache.kafka.common.serialization." + valueClass);
        return with;
    }

    private static boolean usesTls(Map<String, Object> properties) {
        String protocol = String.valueOf(properties.get("security.protocol")).trim();
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }
}

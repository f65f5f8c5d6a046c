package org.millrace.sink.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.kafka.KafkaClientProperties;
import org.millrace.kafka.PartitionChoice;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the kafka sink for Flume's type {@code kafka} and its class name. */
@Component(configurationPid = KafkaSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=kafka", ConnectorTypes.TYPE + "=org.apache.flume.sink.kafka.KafkaSink"})
@Designate(ocd = KafkaSinkConfig.class, factory = true)
public final class KafkaSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkFactory.class);
    private static final String PRODUCER = "kafka.producer.";
    private static final String DEFAULT_TOPIC = "default-flume-topic";

    @Override
    public Sink create(ComponentConfig given) throws ConfigurationException {
        ComponentConfig config = KafkaClientProperties.withDeprecatedNames(given, Map.of("brokerList",
                "kafka.bootstrap.servers", "topic", "kafka.topic", "batchSize", "flumeBatchSize", "requiredAcks",
                PRODUCER + "acks"));
        for (String gone : List.of("serializer.class", "key.serializer.class")) {
            if (config.get(gone) != null) {
                LOG.warn("[{}] {} is deprecated and ignored: Kafka's producer takes {}value.serializer and"
                        + " {}key.serializer", config.label(), config.key(gone), config.key(PRODUCER),
                        config.key(PRODUCER));
            }
        }
        KafkaSinkConfig c = config.as(KafkaSinkConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.kafka_bootstrap_servers().isBlank()) {
            problems.add(config.problem("kafka.bootstrap.servers", "Bootstrap Servers must be specified"
                    + " (host:port,...)"));
        }
        PartitionChoice partitions = PartitionChoice.of(config, c.defaultPartitionId(), c.partitionIdHeader(),
                problems);
        String topic = c.kafka_topic().isBlank() ? DEFAULT_TOPIC : c.kafka_topic().trim();
        if (c.kafka_topic().isBlank()) {
            LOG.warn("[{}] {} is not set: events go to topic {}", config.label(), config.key("kafka.topic"), topic);
        }
        // Flume's defaults, under whatever kafka.producer.* says
        Map<String, Object> producer = KafkaClientProperties.of(config, PRODUCER, Map.of("acks", "1"),
                Map.of("bootstrap.servers", c.kafka_bootstrap_servers().trim()));
        if (problems.isEmpty()) {
            KafkaClientProperties.checkProducer(config, PRODUCER, producer, problems);
        }
        ConfigurationException.throwIfAny(problems);
        return new KafkaSink(c.flumeBatchSize(), new KafkaSink.Settings(topic, c.allowTopicOverride(),
                c.topicHeader().trim(), c.timestampHeader().isBlank() ? null : c.timestampHeader().trim(), partitions,
                config.passThrough("header."), c.useFlumeEventFormat(), producer));
    }
}

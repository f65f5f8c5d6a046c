package org.millrace.channel.kafka.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.kafka.KafkaClientProperties;
import org.millrace.kafka.PartitionChoice;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the kafka channel for Flume's type {@code kafka} and its class name. */
@Component(configurationPid = KafkaChannelFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=kafka",
            ConnectorTypes.TYPE + "=org.apache.flume.channel.kafka.KafkaChannel"})
@Designate(ocd = KafkaChannelConfig.class, factory = true)
public final class KafkaChannelFactory implements ChannelFactory {
    static final String PID = "org.millrace.channel.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelFactory.class);
    private static final String PRODUCER = "kafka.producer.";
    private static final String CONSUMER = "kafka.consumer.";

    @Override
    public Channel create(ComponentConfig given) throws ConfigurationException {
        ComponentConfig config = KafkaClientProperties.withDeprecatedNames(asFlumeReadsIt(given), Map.of(
                "topic", "kafka.topic", "brokerList", "kafka.bootstrap.servers", "groupId", CONSUMER + "group.id"));
        KafkaChannelConfig c = config.as(KafkaChannelConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        String servers = c.kafka_bootstrap_servers().trim();
        if (servers.isEmpty()) {
            problems.add(config.problem("kafka.bootstrap.servers", "Bootstrap Servers must be specified"
                    + " (host:port,...)"));
        }
        if (config.get("zookeeperConnect") != null) {
            LOG.warn("[{}] {} is ignored: Kafka 4 has no ZooKeeper, and offsets are not migrated from it",
                    config.label(), config.key("zookeeperConnect"));
        }
        PartitionChoice partitions = PartitionChoice.of(config, c.defaultPartitionId(), c.partitionIdHeader(),
                problems);
        Map<String, Object> producer = KafkaClientProperties.of(config, PRODUCER, Map.of("acks", "all"),
                Map.of("bootstrap.servers", servers));
        Map<String, Object> consumer = KafkaClientProperties.of(config, CONSUMER, Map.of("group.id", "flume",
                "auto.offset.reset", "earliest"), Map.of("bootstrap.servers", servers, "enable.auto.commit",
                "false"));
        if (problems.isEmpty()) {
            KafkaClientProperties.checkProducer(config, PRODUCER, producer, problems);
            KafkaClientProperties.checkConsumer(config, CONSUMER, consumer, problems);
        }
        ConfigurationException.throwIfAny(problems);
        return new KafkaChannel(new KafkaChannel.Settings(c.kafka_topic().trim(), c.parseAsFlumeEvent(),
                c.kafka_pollTimeout(), partitions, producer, consumer));
    }

    /**
     * Flume's documentation names pollTimeout, its code reads kafka.pollTimeout: both are read, the latter wins.
     * Its deprecated readSmallestOffset = true|false is auto.offset.reset = earliest|latest.
     */
    private static ComponentConfig asFlumeReadsIt(ComponentConfig config) {
        Map<String, String> properties = new LinkedHashMap<>(config.properties());
        String documented = config.get("pollTimeout");
        if (documented != null) {
            properties.putIfAbsent("kafka.pollTimeout", documented);
        }
        String smallest = config.get("readSmallestOffset");
        if (smallest != null) {
            LOG.warn("[{}] {} is deprecated: use {}", config.label(), config.key("readSmallestOffset"),
                    config.key(CONSUMER + "auto.offset.reset"));
            properties.putIfAbsent(CONSUMER + "auto.offset.reset", Boolean.parseBoolean(smallest) ? "earliest"
                    : "latest");
        }
        return config.inner(config.type(), properties);
    }
}

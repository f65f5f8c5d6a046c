package org.millrace.source.kafka.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.kafka.KafkaClientProperties;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the kafka source for Flume's type {@code kafka} and its class name. */
@Component(configurationPid = KafkaSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=kafka", ConnectorTypes.TYPE + "=org.apache.flume.source.kafka.KafkaSource"})
@Designate(ocd = KafkaSourceConfig.class, factory = true)
public final class KafkaSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceFactory.class);
    private static final String CONSUMER = "kafka.consumer.";

    @Override
    public Source create(ComponentConfig given) throws ConfigurationException {
        ComponentConfig config = KafkaClientProperties.withDeprecatedNames(given, Map.of("topic", "kafka.topics",
                "groupId", CONSUMER + "group.id"));
        KafkaSourceConfig c = config.as(KafkaSourceConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        String zookeeper = config.get("zookeeperConnect");
        if (c.kafka_bootstrap_servers().isBlank()) {
            problems.add(config.problem("kafka.bootstrap.servers", zookeeper == null
                    ? "Bootstrap Servers must be specified (host:port,...)"
                    : "Bootstrap Servers must be specified: Kafka 4 brokers are not found through ZooKeeper"
                            + " (zookeeperConnect)"));
        } else if (zookeeper != null) {
            LOG.warn("[{}] {} is ignored: Kafka 4 has no ZooKeeper, and offsets are not migrated from it",
                    config.label(), config.key("zookeeperConnect"));
        }
        Pattern pattern = null;
        List<String> topics = List.of();
        if (!c.kafka_topics_regex().isBlank()) {
            try {
                pattern = Pattern.compile(c.kafka_topics_regex().trim());
            } catch (PatternSyntaxException e) {
                problems.add(config.problem("kafka.topics.regex", "not a regular expression: " + e.getDescription()));
            }
        } else {
            topics = Arrays.stream(c.kafka_topics().split(",")).map(String::trim).filter(t -> !t.isEmpty())
                    .toList();
            if (topics.isEmpty()) {
                problems.add(config.problem("kafka.topics", "At least one Kafka topic must be specified"
                        + " (kafka.topics or kafka.topics.regex)"));
            }
        }
        Map<String, Object> consumer = KafkaClientProperties.of(config, CONSUMER, Map.of("group.id", "flume"),
                Map.of("bootstrap.servers", c.kafka_bootstrap_servers().trim(), "enable.auto.commit", "false"));
        if (problems.isEmpty()) {
            KafkaClientProperties.checkConsumer(config, CONSUMER, consumer, problems);
        }
        ConfigurationException.throwIfAny(problems);
        return new KafkaSource(new KafkaSource.Settings(topics, pattern, c.batchSize(), c.batchDurationMillis(),
                c.backoffSleepIncrement(), c.maxBackoffSleep(), c.useFlumeEventFormat(),
                c.setTopicHeader() ? c.topicHeader().trim() : null, c.timestampHeader().trim(),
                config.passThrough("header."), consumer));
    }
}

package org.millrace.source.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kafka source's properties: Flume 1.11's names and defaults. Consumer settings go under
 * {@code kafka.consumer.*} (passed to Kafka as they are; the group is {@code kafka.consumer.group.id}, default
 * {@code flume}), record headers to copy under {@code header.<flume header> = <kafka header>}. Flume's deprecated
 * {@code topic} and {@code groupId} are still read.
 */
@ObjectClassDefinition(name = "Millrace kafka source",
        description = "Flume's Kafka source: records of Kafka topics read by a consumer group into events; offsets"
                + " are committed only after the channels committed the events")
public @interface KafkaSourceConfig {

    @AttributeDefinition(required = false, description = "List of brokers in the Kafka cluster used by the source")
    String kafka_bootstrap_servers() default "";

    @AttributeDefinition(required = false, description = "Comma-separated list of topics the kafka consumer will"
            + " read messages from.")
    String kafka_topics() default "";

    @AttributeDefinition(required = false, description = "Regex that defines set of topics the source is"
            + " subscribed on. This property has higher priority than kafka.topics and overrides kafka.topics if"
            + " exists.")
    String kafka_topics_regex() default "";

    @AttributeDefinition(min = "1", description = "Maximum number of messages written to Channel in one batch")
    int batchSize() default 1000;

    @AttributeDefinition(min = "1", description = "Maximum time (in ms) before a batch will be written to Channel"
            + " The batch will be written whenever the first of size and time will be reached.")
    long batchDurationMillis() default 1000;

    @AttributeDefinition(min = "0", description = "Initial and incremental wait time that is triggered when a"
            + " Kafka Topic appears to be empty.")
    long backoffSleepIncrement() default 1000;

    @AttributeDefinition(min = "0", description = "Maximum wait time that is triggered when a Kafka Topic appears"
            + " to be empty.")
    long maxBackoffSleep() default 5000;

    @AttributeDefinition(description = "By default events are taken as bytes from the Kafka topic directly into"
            + " the event body. Set to true to read events as the Flume Avro binary format.")
    boolean useFlumeEventFormat() default false;

    @AttributeDefinition(description = "When set to true, stores the topic of the retrieved message into a header,"
            + " defined by the topicHeader property.")
    boolean setTopicHeader() default true;

    @AttributeDefinition(description = "Defines the name of the header in which to store the name of the topic"
            + " the message was received from, if the setTopicHeader property is set to true.")
    String topicHeader() default "topic";

    @AttributeDefinition(description = "The header the record's Kafka timestamp is stored in, unless the event"
            + " has it already")
    String timestampHeader() default "timestamp";

    @AttributeDefinition(description = "Flume migrated offsets kept in ZooKeeper; Kafka 4 has no ZooKeeper, so"
            + " this is read and has no effect")
    boolean migrateZookeeperOffsets() default true;
}

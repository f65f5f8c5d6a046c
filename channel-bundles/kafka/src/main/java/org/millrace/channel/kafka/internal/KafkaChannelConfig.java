package org.millrace.channel.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kafka channel's properties: Flume 1.11's names and defaults. Producer settings go under
 * {@code kafka.producer.*}, consumer settings under {@code kafka.consumer.*} (the group is
 * {@code kafka.consumer.group.id}, default {@code flume}; {@code auto.offset.reset} defaults to {@code earliest}).
 * Flume's deprecated {@code topic}, {@code brokerList}, {@code groupId} and {@code readSmallestOffset} are still read.
 */
@ObjectClassDefinition(name = "Millrace kafka channel",
        description = "Flume's Kafka channel: a Kafka topic as a durable channel; a put commits once Kafka"
                + " acknowledged its events, a take commits the consumer group's offsets")
public @interface KafkaChannelConfig {

    @AttributeDefinition(required = false, description = "List of brokers in the Kafka cluster used by the channel."
            + " This can be a partial list of brokers, but we recommend at least two for HA. The format is comma"
            + " separated list of hostname:port")
    String kafka_bootstrap_servers() default "";

    @AttributeDefinition(description = "Kafka topic which the channel will use")
    String kafka_topic() default "flume-channel";

    @AttributeDefinition(description = "Expecting Avro datums with FlumeEvent schema in the channel. This should"
            + " be true if Flume source is writing to the channel and false if other producers are writing into"
            + " the topic that the channel is using.")
    boolean parseAsFlumeEvent() default true;

    @AttributeDefinition(min = "1", description = "The amount of time(in milliseconds) to wait in the \"poll()\""
            + " call of the consumer (Flume reads kafka.pollTimeout; its documentation says pollTimeout, which is"
            + " read too)")
    long kafka_pollTimeout() default 500;

    @AttributeDefinition(required = false, description = "Specifies a Kafka partition ID (integer) for all events"
            + " in this channel to be sent to, unless overriden by partitionIdHeader. By default, if this property"
            + " is not set, events will be distributed by the Kafka Producer's partitioner - including by key if"
            + " specified (or by a partitioner specified by kafka.partitioner.class).")
    String defaultPartitionId() default "";

    @AttributeDefinition(required = false, description = "When set, the producer will take the value of the field"
            + " named using the value of this property from the event header and send the message to the"
            + " specified partition of the topic. If the value represents an invalid partition the event will not"
            + " be accepted into the channel. If the header value is present then this setting overrides"
            + " defaultPartitionId.")
    String partitionIdHeader() default "";

    @AttributeDefinition(description = "Flume migrated offsets kept in ZooKeeper; Kafka 4 has no ZooKeeper, so"
            + " this is read and has no effect")
    boolean migrateZookeeperOffsets() default true;
}

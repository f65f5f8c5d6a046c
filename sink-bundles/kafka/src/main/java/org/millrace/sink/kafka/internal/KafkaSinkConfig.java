package org.millrace.sink.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kafka sink's properties: Flume 1.11's names and defaults. Producer settings go under {@code kafka.producer.*}
 * (passed to Kafka as they are), record headers under {@code header.<flume header> = <kafka header>}. Flume's
 * deprecated {@code brokerList}, {@code topic}, {@code batchSize} and {@code requiredAcks} are still read.
 */
@ObjectClassDefinition(name = "Millrace kafka sink",
        description = "Flume's Kafka sink: events to a Kafka topic; a channel transaction commits once Kafka"
                + " acknowledged every record of its batch")
public @interface KafkaSinkConfig {

    @AttributeDefinition(required = false, description = "List of brokers Kafka-Sink will connect to, to get the"
            + " list of topic partitions. This can be a partial list of brokers, but we recommend at least two for"
            + " HA. The format is comma separated list of hostname:port")
    String kafka_bootstrap_servers() default "";

    @AttributeDefinition(required = false, description = "The topic in Kafka to which the messages will be"
            + " published. If the event header contains a \"topic\" field, the event will be published to that"
            + " topic overriding the topic configured here; %{header} is replaced by the event's header")
    String kafka_topic() default "";

    @AttributeDefinition(min = "1", description = "How many messages to process in one batch. Larger batches"
            + " improve throughput while adding latency.")
    int flumeBatchSize() default 100;

    @AttributeDefinition(description = "By default events are put as bytes onto the Kafka topic directly from"
            + " the event body. Set to true to store events as the Flume Avro binary format. Used in conjunction"
            + " with the same property on the KafkaSource or with the parseAsFlumeEvent property on the Kafka"
            + " Channel this will preserve any Flume headers for the producing side.")
    boolean useFlumeEventFormat() default false;

    @AttributeDefinition(required = false, description = "Specifies a Kafka partition ID (integer) for all events"
            + " in this channel to be sent to, unless overriden by partitionIdHeader. By default, if this property"
            + " is not set, events will be distributed by the Kafka Producer's partitioner - including by key if"
            + " specified (or by a partitioner specified by kafka.partitioner.class).")
    String defaultPartitionId() default "";

    @AttributeDefinition(required = false, description = "When set, the sink will take the value of the field"
            + " named using the value of this property from the event header and send the message to the"
            + " specified partition of the topic. If the value represents an invalid partition, an"
            + " EventDeliveryException will be thrown. If the header value is present then this setting overrides"
            + " defaultPartitionId.")
    String partitionIdHeader() default "";

    @AttributeDefinition(description = "When set, the sink will allow a message to be produced into a topic"
            + " specified by the topicHeader property (if provided).")
    boolean allowTopicOverride() default true;

    @AttributeDefinition(description = "When set in conjunction with allowTopicOverride will produce a message"
            + " into the value of the header named using the value of this property. Care should be taken when"
            + " using in conjunction with the Kafka Source topicHeader property to avoid creating a loopback.")
    String topicHeader() default "topic";

    @AttributeDefinition(required = false, description = "The header containing the caller provided timestamp"
            + " value to use. If not provided the current time will be used.")
    String timestampHeader() default "";
}

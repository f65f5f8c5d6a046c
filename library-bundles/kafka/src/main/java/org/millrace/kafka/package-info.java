/**
 * What Millrace's kafka source, sink and channel share: {@link org.millrace.kafka.KafkaClients} makes producers and
 * consumers under Kafka's own class loader (Karaf's context class loader breaks Kafka's config classes) from
 * properties built Flume's way ({@link org.millrace.kafka.KafkaClientProperties}: defaults, then
 * {@code kafka.producer.*}/{@code kafka.consumer.*}, then what the connector fixes, then Flume's global TLS
 * settings), checked as Kafka will check them, with every problem naming its key. The bundle also exports the
 * Kafka client itself ({@code org.apache.kafka.*}), which is not a bundle on its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.millrace.kafka;

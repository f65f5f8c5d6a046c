package org.millrace.sink.kafka.internal;

import static org.millrace.api.SinkCounter.Name.ConnectionClosedCount;
import static org.millrace.api.SinkCounter.Name.ConnectionCreatedCount;
import static org.millrace.api.SinkCounter.Name.EventWriteFail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.millrace.kafka.RecordValues;
import org.millrace.kafka.KafkaClients;
import org.millrace.kafka.PartitionChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch to Kafka and commits the channel transaction only once Kafka acknowledged every record of it
 * (with the producer's {@code acks}); any failure rolls the batch back into the channel. Records are keyed by the
 * event's {@code key} header, as in Flume.
 */
final class KafkaSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final Pattern HEADER_ESCAPE = Pattern.compile("%\\{([^}]*)}");

    /** What a record of an event is made from. */
    record Settings(String topic, boolean allowTopicOverride, String topicHeader, String timestampHeader,
            PartitionChoice partitions, Map<String, String> kafkaHeaders,
            boolean flumeEventFormat, Map<String, Object> producerProperties) {
    }

    private final Settings settings;
    private final boolean topicHasEscapes;
    private KafkaProducer<String, byte[]> producer;

    KafkaSink(int batchSize, Settings settings) {
        super(batchSize);
        this.settings = settings;
        this.topicHasEscapes = settings.topic().contains("%{");
    }

    @Override
    public void start(SinkContext sinkContext) throws Exception {
        super.start(sinkContext);
        producer = KafkaClients.producer(settings.producerProperties());
        sinkContext.counter().increment(ConnectionCreatedCount);
    }

    @Override
    protected void deliver(List<Event> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            for (Event event : batch) {
                Future<RecordMetadata> ack = producer.send(record(event));
                if (ack.isDone()) {
                    ack.get(); // failed at once (no metadata within max.block.ms, too large): the batch fails now
                }
                acks.add(ack);
            }
            // linger.ms must not hold back a batch whose transaction is waiting for it
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            context().counter().increment(EventWriteFail);
            throw e;
        }
    }

    private ProducerRecord<String, byte[]> record(Event event) {
        byte[] value = RecordValues.of(event, settings.flumeEventFormat());
        return new ProducerRecord<>(topic(event), partition(event), timestamp(event), event.header("key"), value,
                headers(event));
    }

    private String topic(Event event) {
        if (settings.allowTopicOverride()) {
            String chosen = event.header(settings.topicHeader());
            if (chosen != null) {
                return chosen;
            }
        }
        if (!topicHasEscapes) {
            return settings.topic();
        }
        Matcher m = HEADER_ESCAPE.matcher(settings.topic());
        StringBuilder topic = new StringBuilder();
        while (m.find()) {
            String value = event.header(m.group(1));
            m.appendReplacement(topic, Matcher.quoteReplacement(value == null ? "" : value));
        }
        return m.appendTail(topic).toString();
    }

    /** A partition header that is not a number is logged and ignored: Flume fails the batch, and every retry. */
    private Integer partition(Event event) {
        try {
            return settings.partitions().partition(event);
        } catch (IllegalArgumentException e) {
            LOG.warn("[{}] {}; using the default partitioning", context().label(), e.getMessage());
            return settings.partitions().defaultPartition();
        }
    }

    private Long timestamp(Event event) {
        if (settings.timestampHeader() == null) {
            return null;
        }
        String value = event.header(settings.timestampHeader());
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            LOG.warn("[{}] invalid timestamp in header {}: '{}'", context().label(), settings.timestampHeader(),
                    value);
            return null;
        }
    }

    private List<Header> headers(Event event) {
        if (settings.kafkaHeaders().isEmpty()) {
            return null;
        }
        List<Header> headers = new ArrayList<>(settings.kafkaHeaders().size());
        settings.kafkaHeaders().forEach((flumeName, kafkaName) -> {
            String value = event.header(flumeName);
            if (value != null) {
                headers.add(new RecordHeader(kafkaName, value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return headers.isEmpty() ? null : headers;
    }

    @Override
    public void stop() {
        if (producer != null) {
            producer.close(KafkaClients.CLOSE_TIMEOUT);
            producer = null;
            context().counter().increment(ConnectionClosedCount);
        }
    }
}

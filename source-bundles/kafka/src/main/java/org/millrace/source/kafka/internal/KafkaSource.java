package org.millrace.source.kafka.internal;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;
import static org.millrace.api.SourceCounter.Name.OpenConnectionCount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.SourceContext;
import org.millrace.api.Status;
import org.millrace.kafka.KafkaClients;
import org.millrace.kafka.RecordValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records into batches of up to batchSize events or batchDurationMillis, hands each batch to the channels,
 * and commits the consumer group's offsets only after the channels committed: a crash between the two delivers the
 * batch again, never loses it. The commit is sent without waiting for Kafka's answer (a broker may hold an offset
 * commit for its coordinator's linger, 5 ms in Kafka 4), except before partitions go and on stop. A batch the channels refuse is read again (the consumer seeks back). When the group
 * takes partitions away, the batch being gathered is delivered and committed first, so the next owner starts after
 * it: a rebalance loses nothing and delivers nothing twice.
 */
final class KafkaSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    /** How records become events and how the consumer is made and subscribed. */
    record Settings(List<String> topics, Pattern topicPattern, int batchSize, long batchDurationMillis,
            long backoffSleepIncrement, long maxBackoffSleep, boolean flumeEventFormat, String topicHeader,
            String timestampHeader, Map<String, String> headersFromKafka, Map<String, Object> consumerProperties) {
    }

    private final Settings settings;
    private SourceContext context;
    private KafkaConsumer<String, byte[]> consumer;
    private Iterator<ConsumerRecord<String, byte[]>> fetched = Collections.emptyIterator();
    /** The batch being gathered, and per partition the offset after its last record and before its first. */
    private final List<Event> batch = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> batchEnd = new HashMap<>();
    private final Map<TopicPartition, Long> batchStart = new HashMap<>();
    /** The offsets after every batch delivered, whether or not Kafka confirmed their commit yet. */
    private final Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();

    KafkaSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public long backoffSleepIncrement() {
        return settings.backoffSleepIncrement();
    }

    @Override
    public long maxBackoffSleep() {
        return settings.maxBackoffSleep();
    }

    @Override
    public void start(SourceContext sourceContext) {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (settings.batchSize() > max) {
            throw new IllegalStateException("batchSize " + settings.batchSize() + " exceeds the transactionCapacity "
                    + max + " of the source's channels");
        }
        this.context = sourceContext;
        consumer = KafkaClients.consumer(settings.consumerProperties());
        Rebalance rebalance = new Rebalance();
        if (settings.topicPattern() != null) {
            consumer.subscribe(settings.topicPattern(), rebalance);
        } else {
            consumer.subscribe(settings.topics(), rebalance);
        }
        context.counter().increment(OpenConnectionCount);
    }

    @Override
    public Status process() {
        long deadline = System.currentTimeMillis() + settings.batchDurationMillis();
        try {
            while (batch.size() < settings.batchSize()) {
                if (!fetched.hasNext()) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    fetched = consumer.poll(Duration.ofMillis(left)).iterator();
                    if (!fetched.hasNext()) {
                        break;
                    }
                }
                gather(fetched.next());
            }
        } catch (KafkaException e) {
            context.counter().increment(GenericProcessingFail);
            LOG.warn("[{}] reading from Kafka failed: {}", context.label(), e.toString());
            return Status.BACKOFF;
        }
        return deliver() ? Status.READY : Status.BACKOFF;
    }

    private void gather(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        batchStart.putIfAbsent(partition, record.offset());
        batchEnd.put(partition, new OffsetAndMetadata(record.offset() + 1));
        Event event;
        try {
            event = RecordValues.event(record.value(), settings.flumeEventFormat());
        } catch (IOException e) {
            // committed past with the batch: a record that is not a Flume event is never one
            context.counter().increment(EventReadFail);
            LOG.warn("[{}] skipped {}-{} offset {}: not a Flume event (useFlumeEventFormat = true): {}",
                    context.label(), record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        batch.add(withHeaders(record, event));
    }

    /**
     * The event with Flume's headers, as one array of names and values in which a later name wins: the record's
     * timestamp, topic, partition and offset first (an event's own headers override them), then the event's own,
     * then the mapped record headers, then the record key. Nothing builds a header map unless a component asks.
     */
    private Event withHeaders(ConsumerRecord<String, byte[]> record, Event event) {
        List<String> h = new ArrayList<>(12 + 2 * event.headerCount());
        h.add(settings.timestampHeader());
        h.add(Long.toString(record.timestamp()));
        if (settings.topicHeader() != null) {
            h.add(settings.topicHeader());
            h.add(record.topic());
        }
        h.add("partition");
        h.add(Integer.toString(record.partition()));
        h.add("offset");
        h.add(Long.toString(record.offset()));
        event.forEachHeader((name, value) -> {
            h.add(name);
            h.add(value);
        });
        settings.headersFromKafka().forEach((flumeName, kafkaName) -> {
            for (Header header : record.headers().headers(kafkaName)) {
                h.add(flumeName);
                h.add(new String(header.value(), StandardCharsets.UTF_8));
            }
        });
        if (record.key() != null) {
            h.add("key");
            h.add(record.key());
        }
        return Event.withHeaders(event.body(), h.toArray(new String[0]));
    }

    /** Hands the gathered batch to the channels, then commits its offsets; false if there was nothing to hand. */
    private boolean deliver() {
        if (batchEnd.isEmpty()) {
            return false;
        }
        int n = batch.size();
        if (n > 0) {
            context.counter().add(EventReceivedCount, n);
            context.counter().increment(AppendBatchReceivedCount);
            try {
                context.channelProcessor().processEventBatch(batch);
            } catch (ChannelException e) {
                context.counter().increment(ChannelWriteFail);
                LOG.warn("[{}] channels refused {} events, reading them again: {}", context.label(), n,
                        e.getMessage());
                rewind();
                return false;
            }
            context.counter().add(EventAcceptedCount, n);
            context.counter().increment(AppendBatchAcceptedCount);
        }
        delivered.putAll(batchEnd);
        // not waited for: the next batch is gathered meanwhile; a crash before it lands delivers the batch again
        consumer.commitAsync(new HashMap<>(batchEnd), (offsets, failure) -> {
            if (failure != null) {
                LOG.warn("[{}] committing offsets {} failed; those events may be delivered again: {}",
                        context.label(), offsets, failure.toString());
            }
        });
        clearBatch();
        return n > 0;
    }

    /** Waits until the offsets of every delivered batch are committed (before partitions go, and on stop). */
    private void commitDelivered() {
        if (delivered.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(delivered);
        } catch (KafkaException e) {
            // the group moved on (this member was too slow): the next owner delivers those events again
            LOG.warn("[{}] committing offsets {} failed; those events may be delivered again: {}", context.label(),
                    delivered, e.toString());
        }
        delivered.clear();
    }

    /** Seeks back to the batch's first records and to the first of those fetched but not gathered. */
    private void rewind() {
        Map<TopicPartition, Long> positions = new HashMap<>(batchStart);
        fetched.forEachRemaining(r -> positions.putIfAbsent(new TopicPartition(r.topic(), r.partition()),
                r.offset()));
        fetched = Collections.emptyIterator();
        positions.forEach(consumer::seek);
        clearBatch();
    }

    private void clearBatch() {
        batch.clear();
        batchEnd.clear();
        batchStart.clear();
    }

    @Override
    public void stop() {
        if (consumer != null) {
            commitDelivered();
            consumer.close(CloseOptions.timeout(KafkaClients.CLOSE_TIMEOUT));
            consumer = null;
        }
    }

    /** Runs inside poll(), on the source's thread, while this member still owns the partitions. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            LOG.info("[{}] partitions revoked: {}", context.label(), revoked);
            // polls come only once what was fetched is gathered, so the batch is all this member holds
            deliver();
            commitDelivered();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            LOG.info("[{}] partitions assigned: {}", context.label(), assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            // no longer ours: nothing may be committed, and what was gathered is the next owner's to deliver
            LOG.warn("[{}] partitions lost: {}", context.label(), lost);
            fetched = Collections.emptyIterator();
            clearBatch();
            delivered.clear();
        }
    }
}

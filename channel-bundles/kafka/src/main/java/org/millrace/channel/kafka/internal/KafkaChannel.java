package org.millrace.channel.kafka.internal;

import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutErrorCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeErrorCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.millrace.api.BasicTransaction;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.Resource;
import org.millrace.api.Transaction;
import org.millrace.kafka.KafkaClients;
import org.millrace.kafka.PartitionChoice;
import org.millrace.kafka.RecordValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka topic as a channel, with Flume's semantics: a put transaction's commit sends its events and returns once
 * Kafka acknowledged them all (the producer's {@code acks}, {@code all} by default); a take transaction's commit
 * commits the consumer group's offsets past what it took; a rolled-back take seeks back, so its events come again,
 * first and in order. The events live in Kafka: a channel that restarts, here or on another agent in the same
 * group, finds them. Each taking thread has its own consumer in the group.
 */
final class KafkaChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChannel.class);

    /** The topic, the record format and how a put chooses a partition. */
    record Settings(String topic, boolean flumeEventFormat, long pollTimeout, PartitionChoice partitions,
            Map<String, Object> producerProperties, Map<String, Object> consumerProperties) {
    }

    private final Settings settings;
    private final Map<Thread, Taker> takers = new ConcurrentHashMap<>();
    private String label = "kafka";
    private ChannelCounter counter;
    private KafkaProducer<String, byte[]> producer;

    KafkaChannel(Settings settings) {
        this.settings = settings;
    }

    /** The topic and group: two channels taking from both would take each other's events. */
    @Override
    public List<Resource> resources() {
        return List.of(Resource.store("kafka topic " + settings.topic() + " of group "
                + settings.consumerProperties().get("group.id") + " at "
                + settings.consumerProperties().get("bootstrap.servers")));
    }

    @Override
    public void start(ChannelContext context) {
        label = context.label();
        counter = context.counter();
        producer = KafkaClients.producer(settings.producerProperties());
    }

    @Override
    public Transaction newTransaction() {
        return new KafkaTransaction();
    }

    /** What the taking consumers know to be in the topic for them: fetched records and their partitions' lag. */
    @Override
    public long size() {
        long size = 0;
        for (Taker t : takers.values()) {
            size += t.size();
        }
        return size;
    }

    /** Kafka bounds neither: a transaction puts or takes any number of events. */
    @Override
    public int transactionCapacity() {
        return Integer.MAX_VALUE;
    }

    /** Polls for records: the runner interrupts an idle sink to stop it, which Kafka reports its own way. */
    @Override
    public boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        try {
            return taker().await(timeoutMillis);
        } catch (InterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("stopped while waiting for records");
        }
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    @Override
    public void stop() {
        takers.values().forEach(Taker::close);
        takers.clear();
        if (producer != null) {
            producer.close(KafkaClients.CLOSE_TIMEOUT);
            producer = null;
        }
    }

    /**
     * The calling thread's consumer. A new one, until it has joined the group, also closes the consumers of threads
     * that ended (a replaced sink's): left in the group, they would hold their partitions until Kafka evicts them.
     * It keeps looking while it joins, as the thread it replaces may end only after the first take.
     */
    private Taker taker() {
        Taker mine = takers.get(Thread.currentThread());
        if (mine != null) {
            return mine;
        }
        mine = new Taker(label, settings.topic(), settings.consumerProperties(), settings.pollTimeout(),
                this::closeEndedTakers);
        takers.put(Thread.currentThread(), mine);
        return mine;
    }

    private void closeEndedTakers() {
        takers.values().removeIf(t -> {
            if (t.owner().isAlive()) {
                return false;
            }
            t.close();
            return true;
        });
    }

    private void updateSize() {
        counter.setChannelSize(size());
    }

    private final class KafkaTransaction extends BasicTransaction {
        private final List<ProducerRecord<String, byte[]>> puts = new ArrayList<>();
        private final Map<TopicPartition, Long> firstTaken = new HashMap<>();
        private final Map<TopicPartition, OffsetAndMetadata> takenUpTo = new HashMap<>();
        private int taken;
        private Taker taker;

        @Override
        protected void doPut(Event event) {
            counter.increment(EventPutAttemptCount);
            puts.add(new ProducerRecord<>(settings.topic(), partition(event), event.header("key"),
                    RecordValues.of(event, settings.flumeEventFormat())));
        }

        @Override
        protected int doTake(int max, List<Event> into) {
            if (taker == null) {
                taker = taker();
            }
            int n = 0;
            while (n < max) {
                // a transaction that took events polls no more: a rebalance must find nothing uncommitted
                ConsumerRecord<String, byte[]> record = taker.next(firstTaken.isEmpty());
                if (record == null) {
                    break;
                }
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                firstTaken.putIfAbsent(partition, record.offset());
                takenUpTo.put(partition, new OffsetAndMetadata(record.offset() + 1));
                counter.increment(EventTakeAttemptCount);
                Event event = event(record);
                if (event != null) {
                    into.add(event);
                    n++;
                }
            }
            taken += n;
            return n;
        }

        /** The record's event, or null if it is not one (counted, and committed past with the take). */
        private Event event(ConsumerRecord<String, byte[]> record) {
            try {
                Event event = RecordValues.event(record.value(), settings.flumeEventFormat());
                if (record.key() != null) {
                    event.headers().put("key", record.key());
                }
                return event;
            } catch (IOException e) {
                counter.increment(EventTakeErrorCount);
                LOG.warn("[{}] skipped {}-{} offset {}: not a Flume event (parseAsFlumeEvent = true): {}", label,
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                return null;
            }
        }

        @Override
        protected void doCommit() {
            if (!puts.isEmpty()) {
                send();
                counter.add(EventPutSuccessCount, puts.size());
                puts.clear();
            }
            if (!takenUpTo.isEmpty()) {
                taker.commit(takenUpTo);
                counter.add(EventTakeSuccessCount, taken);
                updateSize();
            }
        }

        /** Sends the puts and waits until Kafka acknowledged every one; any failure fails the commit. */
        private void send() {
            try {
                List<Future<RecordMetadata>> acks = new ArrayList<>(puts.size());
                for (ProducerRecord<String, byte[]> record : puts) {
                    Future<RecordMetadata> ack = producer.send(record);
                    if (ack.isDone()) {
                        ack.get(); // failed at once: no need to send the rest
                    }
                    acks.add(ack);
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counter.add(EventPutErrorCount, puts.size());
                throw new ChannelException("[" + label + "] interrupted while Kafka acknowledged a put", e);
            } catch (Exception e) {
                counter.add(EventPutErrorCount, puts.size());
                throw new ChannelException("[" + label + "] commit failed as send to Kafka failed: " + e.getMessage(),
                        e);
            }
        }

        @Override
        protected void doRollback() {
            puts.clear();
            if (!firstTaken.isEmpty()) {
                taker.rewind(firstTaken, taken);
            }
        }

        private Integer partition(Event event) {
            try {
                return settings.partitions().partition(event);
            } catch (IllegalArgumentException e) {
                throw new ChannelException("[" + label + "] " + e.getMessage());
            }
        }
    }
}

package org.millrace.channel.kafka.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.millrace.kafka.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One taking thread's consumer (a consumer is single-threaded), and the records it fetched but has not handed out.
 * It polls only between take transactions and only once every fetched record was handed out, so when a rebalance
 * (which runs inside poll) takes partitions away, this consumer holds nothing of them that is not committed: the
 * next owner starts where it stopped.
 */
final class Taker {
    private static final Logger LOG = LoggerFactory.getLogger(Taker.class);
    /**
     * How long a poll may wait when records are due: a new consumer's partitions from the group, or records just
     * put back (a fetch sent before the seek may wait fetch.max.wait.ms at the broker first).
     */
    private static final long DUE_WAIT_MILLIS = 30_000;

    private final String label;
    private final KafkaConsumer<String, byte[]> consumer;
    private final long pollTimeout;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> fetched = new ArrayDeque<>();
    private final Thread owner = Thread.currentThread();
    /** Closes other threads' ended consumers: run while this one joins, as they may hold its partitions. */
    private final Runnable whileJoining;
    private boolean joined;
    /** Records were put back: the next poll waits for them, past a fetch the broker may still be holding. */
    private boolean rewound;
    private long lag;
    /** Fetched and lagging records, for other threads to read. */
    private volatile long known;

    Taker(String label, String topic, Map<String, Object> consumerProperties, long pollTimeout,
            Runnable whileJoining) {
        this.label = label;
        this.pollTimeout = pollTimeout;
        this.whileJoining = whileJoining;
        this.consumer = KafkaClients.consumer(consumerProperties);
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** The thread that owns this consumer. */
    Thread owner() {
        return owner;
    }

    /** Records known to be in the channel for this consumer: fetched but not handed out, and its partitions' lag. */
    long size() {
        return known;
    }

    /** The next fetched record, polling once (a new consumer: until it has joined) if none is fetched and may be. */
    ConsumerRecord<String, byte[]> next(boolean mayPoll) {
        if (fetched.isEmpty() && mayPoll) {
            poll(pollTimeout);
        }
        ConsumerRecord<String, byte[]> next = fetched.pollFirst();
        known = fetched.size() + lag;
        return next;
    }

    /** Whether records are fetched, polling up to {@code timeoutMillis} for them. */
    boolean await(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (fetched.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            poll(Math.min(left, pollTimeout));
        }
        return !fetched.isEmpty();
    }

    private void poll(long millis) {
        long now = System.currentTimeMillis();
        long dueUntil = now + DUE_WAIT_MILLIS;
        long until = now + millis;
        while (true) {
            boolean wasJoined = joined;
            if (!joined) {
                whileJoining.run();
            }
            long left = Math.max(1, Math.min(millis, (!joined || rewound ? dueUntil : until) - now));
            consumer.poll(Duration.ofMillis(left)).forEach(fetched::addLast);
            now = System.currentTimeMillis();
            if (!wasJoined && joined) {
                until = now + millis; // a new member's first fetch may take a while: a whole pollTimeout for it
            }
            if (!fetched.isEmpty() || now >= (!joined || rewound ? dueUntil : until)) {
                break;
            }
        }
        rewound = false;
        long behind = 0;
        for (TopicPartition p : consumer.assignment()) {
            behind += consumer.currentLag(p).orElse(0);
        }
        lag = behind;
        known = fetched.size() + lag;
    }

    /** Makes the takes final: their partitions' offsets move past them. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (RuntimeException e) {
            // the events are delivered; the group's next owner of these partitions delivers them again
            LOG.warn("[{}] committing the offsets of a take failed; its events may be taken again: {}", label,
                    e.toString());
        }
    }

    /** Puts taken records back in front: seeks each partition to its first taken (or else first fetched) offset. */
    void rewind(Map<TopicPartition, Long> firstTaken, int taken) {
        lag += taken + fetched.size();
        Map<TopicPartition, Long> positions = new HashMap<>(firstTaken);
        for (ConsumerRecord<String, byte[]> r : fetched) {
            positions.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        fetched.clear();
        positions.forEach(consumer::seek);
        rewound = true;
        known = lag;
    }

    void close() {
        consumer.close(CloseOptions.timeout(KafkaClients.CLOSE_TIMEOUT));
    }

    /** Runs inside poll(), on the owner's thread, while no take is uncommitted. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (!revoked.isEmpty()) {
                LOG.info("[{}] partitions revoked: {}", label, revoked);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            joined = true;
            LOG.info("[{}] partitions assigned: {}", label, assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            LOG.warn("[{}] partitions lost (this consumer left the group): {}", label, lost);
        }
    }
}

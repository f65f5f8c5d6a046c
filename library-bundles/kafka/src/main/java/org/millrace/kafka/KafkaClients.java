package org.millrace.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers and consumers made under Kafka's own class loader. Kafka looks classes up through the thread's context
 * class loader, and the static initialisers of {@code ProducerConfig} and {@code ConsumerConfig} fail for good under
 * Karaf's (CONNECTOR-DEPS.md (b)); threads Kafka starts inherit the loader set here. Keys are strings and values
 * bytes, as in Flume: the record key is the event's {@code key} header.
 */
public final class KafkaClients {
    /** How long a closing client may take to send what it holds and leave its group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private KafkaClients() {
    }

    /** A producer of string keys and byte values; serializer properties are Flume's defaults unless overridden. */
    public static KafkaProducer<String, byte[]> producer(Map<String, Object> properties) {
        return underKafkaLoader(() -> new KafkaProducer<>(properties, serializer(properties, "key.serializer",
                StringSerializer.class), serializer(properties, "value.serializer", ByteArraySerializer.class)));
    }

    /** A consumer of string keys and byte values, as {@link #producer(Map)}. */
    public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> properties) {
        return underKafkaLoader(() -> new KafkaConsumer<>(properties, serializer(properties, "key.deserializer",
                StringDeserializer.class), serializer(properties, "value.deserializer", ByteArrayDeserializer.class)));
    }

    /** Runs {@code work} with Kafka's class loader as the thread's context class loader, then restores it. */
    public static <T> T underKafkaLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Flume's default (de)serializer as an instance, or null to let Kafka make the class the properties name: an
     * instance avoids a class lookup for the usual case.
     */
    private static <T> T serializer(Map<String, Object> properties, String key, Class<? extends T> flumeDefault) {
        Object named = properties.get(key);
        if (named != null && !flumeDefault.getName().equals(String.valueOf(named).trim())) {
            return null;
        }
        try {
            return flumeDefault.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

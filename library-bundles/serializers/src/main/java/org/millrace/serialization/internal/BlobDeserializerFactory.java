package org.millrace.serialization.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventDeserializer;
import org.millrace.serialization.EventDeserializerFactory;
import org.millrace.serialization.EventInputFormat;
import org.millrace.serialization.ResettableInput;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's {@code BlobDeserializer}: the whole file as one event, for files of binary objects; a file longer than
 * maxBlobLength bytes becomes several events of at most that many bytes.
 */
@Component(property = {ConnectorTypes.TYPE + "=blob",
    ConnectorTypes.TYPE + "=org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder"})
public final class BlobDeserializerFactory implements EventDeserializerFactory {
    static final List<String> TYPES = List.of("blob", "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder");

    /** Flume's properties of the blob deserializer. */
    @ObjectClassDefinition(name = "Millrace blob deserializer", description = "One event per file")
    public @interface Config {
        /** The largest event, in bytes. */
        @AttributeDefinition(min = "1", description = "The maximum number of bytes to read and buffer for a given"
                + " request")
        int maxBlobLength() default 100_000_000;
    }

    @Override
    public EventInputFormat create(ComponentConfig config) throws ConfigurationException {
        int max = config.as(Config.class).maxBlobLength();
        return in -> new Blobs(in, max);
    }

    /** Reads one file in pieces of at most maxBlobLength bytes. */
    private record Blobs(ResettableInput in, int maxBlobLength) implements EventDeserializer {
        @Override
        public List<Event> readEvents(int max) throws IOException {
            List<Event> events = new ArrayList<>();
            while (events.size() < max) {
                ByteArrayOutputStream blob = new ByteArrayOutputStream();
                byte[] buffer = new byte[Math.min(maxBlobLength, 8192)];
                int n;
                while (blob.size() < maxBlobLength
                        && (n = in.read(buffer, 0, Math.min(buffer.length, maxBlobLength - blob.size()))) != -1) {
                    blob.write(buffer, 0, n);
                }
                if (blob.size() == 0) {
                    break;
                }
                events.add(Event.of(blob.toByteArray()));
            }
            return events;
        }

        @Override
        public void mark() throws IOException {
            in.mark();
        }

        @Override
        public void reset() throws IOException {
            in.reset();
        }
    }
}

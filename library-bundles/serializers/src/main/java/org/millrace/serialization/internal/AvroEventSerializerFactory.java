package org.millrace.serialization.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializerFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's {@code avro_event} serializer: an Avro data file of records {@code Event {headers: map<string>, body:
 * bytes}}, readable by Avro's own tools and by Flume's avro deserializer.
 */
@Component(property = {ConnectorTypes.TYPE + "=avro_event",
    ConnectorTypes.TYPE + "=org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder"})
public final class AvroEventSerializerFactory implements EventSerializerFactory {
    static final List<String> TYPES = List.of("avro_event",
            "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder");

    /** Flume's FlumeEventAvroEventSerializer schema. */
    static final Schema SCHEMA = new Schema.Parser().parse("{ \"type\":\"record\", \"name\": \"Event\", \"fields\": ["
            + " {\"name\": \"headers\", \"type\": { \"type\": \"map\", \"values\": \"string\" } }, "
            + " {\"name\": \"body\", \"type\": \"bytes\" } ] }");

    /** Flume's properties of the avro_event serializer. */
    @ObjectClassDefinition(name = "Millrace avro_event serializer", description = "An Avro data file of events")
    public @interface Config {
        /** Bytes between sync markers. */
        @AttributeDefinition(min = "32", description = "Avro sync interval, in approximate bytes")
        int syncIntervalBytes() default 2048000;

        /** An Avro codec, or null for none. */
        @AttributeDefinition(description = "Avro compression codec: deflate, bzip2, xz, snappy, zstandard; null for"
                + " none")
        String compressionCodec() default "null";
    }

    @Override
    public EventFormat create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        CodecFactory codec;
        try {
            codec = c.compressionCodec().equalsIgnoreCase("null") ? null : CodecFactory.fromString(c.compressionCodec());
        } catch (AvroRuntimeException e) {
            throw new ConfigurationException(config.problem("compressionCodec", "not an Avro codec (deflate, bzip2,"
                    + " xz, snappy, zstandard; null for none)"));
        }
        int sync = c.syncIntervalBytes();
        return out -> new AvroEvents(out, sync, codec);
    }

    /** One Avro data file over the stream. */
    private static final class AvroEvents implements EventSerializer {
        private final OutputStream out;
        private final DataFileWriter<Event> file = new DataFileWriter<>(new EventDatumWriter());

        AvroEvents(OutputStream out, int syncIntervalBytes, CodecFactory codec) {
            this.out = out;
            file.setSyncInterval(syncIntervalBytes);
            if (codec != null) {
                file.setCodec(codec);
            }
        }

        @Override
        public void afterCreate() throws IOException {
            file.create(SCHEMA, out);
        }

        @Override
        public void write(Event event) throws IOException {
            file.append(event);
        }

        @Override
        public void flush() throws IOException {
            file.flush();
        }

        @Override
        public void beforeClose() throws IOException {
            file.flush();
        }
    }

    /** Encodes a Millrace event as Flume's Avro event record, without building a generic record first. */
    static final class EventDatumWriter implements DatumWriter<Event> {
        @Override
        public void setSchema(Schema schema) {
            // always Flume's schema
        }

        @Override
        public void write(Event event, Encoder out) throws IOException {
            out.writeMapStart();
            out.setItemCount(event.headerCount());
            IOException[] failure = new IOException[1];
            event.forEachHeader((name, value) -> {
                try {
                    out.startItem();
                    out.writeString(name);
                    out.writeString(value);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            out.writeMapEnd();
            out.writeBytes(event.body());
        }
    }
}

package org.millrace.serialization.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
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
 * Flume's {@code AVRO} deserializer: an event per record of an Avro data file, the record in Avro's binary
 * encoding as the body and its schema's CRC-64 fingerprint (or the schema itself) as a header. The position a
 * restart resumes from is Flume's, the sync marker before the block being read, so a restart reads again the
 * records of that block already delivered; within a run, a reset returns to the exact record.
 */
@Component(property = {ConnectorTypes.TYPE + "=avro",
    ConnectorTypes.TYPE + "=org.apache.flume.serialization.AvroEventDeserializer$Builder"})
public final class AvroEventDeserializerFactory implements EventDeserializerFactory {
    static final List<String> TYPES = List.of("avro", "org.apache.flume.serialization.AvroEventDeserializer$Builder");
    static final String SCHEMA_HASH_HEADER = "flume.avro.schema.hash";
    static final String SCHEMA_LITERAL_HEADER = "flume.avro.schema.literal";

    /** Flume's properties of the avro deserializer. */
    @ObjectClassDefinition(name = "Millrace avro deserializer", description = "One event per Avro record")
    public @interface Config {
        /** How the record's schema travels with it. */
        @AttributeDefinition(description = "How the schema is represented: HASH (its CRC-64 fingerprint in header"
                + " flume.avro.schema.hash) or LITERAL (the schema in header flume.avro.schema.literal)",
                options = {@org.osgi.service.metatype.annotations.Option(value = "HASH"),
                    @org.osgi.service.metatype.annotations.Option(value = "LITERAL")})
        String schemaType() default "HASH";
    }

    @Override
    public EventInputFormat create(ComponentConfig config) throws ConfigurationException {
        boolean literal = config.as(Config.class).schemaType().toUpperCase(Locale.ROOT).equals("LITERAL");
        return in -> new Records(in, literal);
    }

    /** Reads the records of one Avro data file. */
    static final class Records implements EventDeserializer {
        private final ResettableInput in;
        private final DataFileReader<GenericRecord> reader;
        private final GenericDatumWriter<GenericRecord> writer;
        private final String schemaHeader;
        private final String schemaValue;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private BinaryEncoder encoder;
        private GenericRecord record;
        private long block = -1;
        private long readInBlock;
        private long markedBlock = -1;
        private long markedInBlock;

        Records(ResettableInput in, boolean literal) throws IOException {
            this.in = in;
            long start = in.tell();
            in.seek(0);
            reader = new DataFileReader<>(new Seekable(in), new GenericDatumReader<>());
            reader.sync(start);
            Schema schema = reader.getSchema();
            writer = new GenericDatumWriter<>(schema);
            schemaHeader = literal ? SCHEMA_LITERAL_HEADER : SCHEMA_HASH_HEADER;
            schemaValue = literal ? schema.toString() : fingerprint(schema);
        }

        /** Flume's schema hash: the CRC-64-AVRO fingerprint of the schema's canonical form, in hex. */
        private static String fingerprint(Schema schema) {
            try {
                return HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("Avro always has CRC-64-AVRO", e);
            }
        }

        @Override
        public List<Event> readEvents(int max) throws IOException {
            List<Event> events = new ArrayList<>();
            while (events.size() < max && reader.hasNext()) {
                if (reader.previousSync() != block) {
                    block = reader.previousSync();
                    readInBlock = 0;
                }
                record = reader.next(record);
                readInBlock++;
                body.reset();
                encoder = EncoderFactory.get().binaryEncoder(body, encoder);
                writer.write(record, encoder);
                encoder.flush();
                events.add(Event.withHeaders(body.toByteArray(), schemaHeader, schemaValue));
            }
            return events;
        }

        @Override
        public void mark() throws IOException {
            markedBlock = block;
            markedInBlock = readInBlock;
            in.markPosition(Math.max(0, block - DataFileConstants.SYNC_SIZE));
        }

        @Override
        public void reset() throws IOException {
            reader.sync(in.markPosition());
            block = -1;
            if (markedBlock >= 0 && reader.hasNext() && reader.previousSync() == markedBlock) {
                block = markedBlock;
                for (readInBlock = 0; readInBlock < markedInBlock && reader.hasNext(); readInBlock++) {
                    record = reader.next(record);
                }
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Avro's view of the input: it reads the header at 0 and seeks to blocks. */
    private record Seekable(ResettableInput in) implements SeekableInput {
        @Override
        public void seek(long p) throws IOException {
            in.seek(p);
        }

        @Override
        public long tell() throws IOException {
            return in.tell();
        }

        @Override
        public long length() throws IOException {
            return in.length();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            // the input is the source's
        }
    }
}

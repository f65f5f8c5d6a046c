package org.millrace.sink.fileroll;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.millrace.api.Event;

/** Writes events into one open file in one of Flume's formats. Not thread-safe: the sink's runner owns it. */
interface EventWriter {

    /** Appends an event. */
    void write(Event event) throws IOException;

    /** Pushes what was written to the file. */
    void flush() throws IOException;

    /** Finishes the file (an Avro file's last block) and closes it. */
    void close() throws IOException;

    /** Flume's {@code text}: the body, then a newline unless appendNewline is false. */
    static EventWriter text(OutputStream out, boolean appendNewline) {
        return new EventWriter() {
            @Override
            public void write(Event event) throws IOException {
                out.write(event.body());
                if (appendNewline) {
                    out.write('\n');
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Flume's {@code header_and_text}: {@code {k=v, ...} body} and a newline. */
    static EventWriter headerAndText(OutputStream out, boolean appendNewline) {
        EventWriter body = text(out, appendNewline);
        return new EventWriter() {
            @Override
            public void write(Event event) throws IOException {
                out.write(((event.hasHeaders() ? event.headers().toString() : "{}") + " ")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(event);
            }

            @Override
            public void flush() throws IOException {
                body.flush();
            }

            @Override
            public void close() throws IOException {
                body.close();
            }
        };
    }

    /** Flume's {@code avro_event}: an Avro data file of records {@code Event {headers: map<string>, body: bytes}}. */
    static EventWriter avroEvent(OutputStream out, int syncIntervalBytes, CodecFactory codec) throws IOException {
        DataFileWriter<Event> file = new DataFileWriter<>(new EventDatumWriter());
        file.setSyncInterval(syncIntervalBytes);
        if (codec != null) {
            file.setCodec(codec);
        }
        file.create(EventDatumWriter.SCHEMA, out);
        return new EventWriter() {
            @Override
            public void write(Event event) throws IOException {
                file.append(event);
            }

            @Override
            public void flush() throws IOException {
                file.flush();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    /** Encodes a Millrace event as Flume's Avro event record, without building a generic record first. */
    final class EventDatumWriter implements DatumWriter<Event> {
        /** Flume's FlumeEventAvroEventSerializer schema. */
        static final Schema SCHEMA = new Schema.Parser().parse("{ \"type\":\"record\", \"name\": \"Event\", \"fields\": ["
                + " {\"name\": \"headers\", \"type\": { \"type\": \"map\", \"values\": \"string\" } }, "
                + " {\"name\": \"body\", \"type\": \"bytes\" } ] }");

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

package org.millrace.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flume.source.avro.AvroFlumeEvent;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroFlumeEvents;

/**
 * The record values the kafka connectors write with {@code useFlumeEventFormat}/{@code parseAsFlumeEvent} are the
 * bytes Flume 1.11's Kafka sink and channel write (its SpecificDatumWriter of AvroFlumeEvent), and Flume's reader
 * reads them back.
 */
class FlumeEventFormatTest {

    @Test
    void randomEventsEncodeAsFlumeEncodesThemAndDecodeBoth() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            int n = random.nextInt(4);
            for (int h = 0; h < n; h++) {
                headers.put("h" + random.nextInt(1000), "v\u00e9" + random.nextInt());
            }
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            Event event = Event.of(headers, body);

            byte[] ours = AvroFlumeEvents.encode(event);
            byte[] flumes = flumeEncode(headers, body);
            if (headers.size() <= 1) {
                assertArrayEquals(flumes, ours, "one-header events have one byte order");
            }
            AvroFlumeEvent back = flumeDecode(ours);
            assertArrayEquals(body, back.getBody().array());
            Map<String, String> backHeaders = new LinkedHashMap<>();
            back.getHeaders().forEach((k, v) -> backHeaders.put(k.toString(), v.toString()));
            assertEquals(headers, backHeaders);

            Event decoded = AvroFlumeEvents.decode(flumes);
            assertEquals(headers, decoded.headers());
            assertArrayEquals(body, decoded.body());
        }
    }

    @Test
    void aTruncatedOrOverlongDatumIsRejected() throws IOException {
        byte[] datum = AvroFlumeEvents.encode(Event.withHeaders("body".getBytes(), "k", "v"));
        assertThrows(IOException.class, () -> AvroFlumeEvents.decode(Arrays.copyOf(datum, datum.length - 1)));
        assertThrows(IOException.class, () -> AvroFlumeEvents.decode(Arrays.copyOf(datum, datum.length + 3)));
        assertThrows(IOException.class, () -> AvroFlumeEvents.decode("plain text, not a datum".getBytes()));
    }

    private static byte[] flumeEncode(Map<String, String> headers, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(AvroFlumeEvent.class).write(new AvroFlumeEvent(new LinkedHashMap<>(headers),
                ByteBuffer.wrap(body)), encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static AvroFlumeEvent flumeDecode(byte[] datum) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(new java.io.ByteArrayInputStream(datum), null);
        return new SpecificDatumReader<>(AvroFlumeEvent.class).read(null, decoder);
    }
}

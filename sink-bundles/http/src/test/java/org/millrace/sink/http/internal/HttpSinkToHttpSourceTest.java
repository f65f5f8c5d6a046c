package org.millrace.sink.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.api.Status;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.source.http.internal.HttpSourceFactory;

/**
 * The second half of an HTTP hop: the http sink POSTing to Millrace's own http source (BLOBHandler: each body an
 * event); the source's 503 while its channel is full rolls the event back, and it arrives once there is room.
 */
class HttpSinkToHttpSourceTest {

    @Test
    void everyEventArrivesThroughAFullChannel() throws Exception {
        int port = OpenFiles.freePort();
        SourceFactory sources = HttpSourceFactory.withBuiltIns();
        RecordingProcessor processor = new RecordingProcessor();
        Source source = sources.create(TestContexts.config("sources", "r1", "http", Map.of("bind", "127.0.0.1",
                "port", String.valueOf(port), "handler", "org.apache.flume.source.http.BLOBHandler")));
        source.start(TestContexts.sourceContext("r1", processor));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Event.of("hop-" + i));
        }
        QueueChannel channel = QueueChannel.of(events);
        HttpSink sink = (HttpSink) new HttpSinkFactory().create(TestContexts.config("sinks", "k1", "http", Map.of(
                "endpoint", "http://127.0.0.1:" + port + "/", "rollback.2XX", "false", "backoff.503", "false")));
        try {
            sink.start(TestContexts.sinkContext("k1", channel));
            processor.refuseNext(3);
            for (int tries = 0; channel.size() > 0 && tries < 100; tries++) {
                sink.process();
            }
            assertEquals(Status.BACKOFF, sink.process());
        } finally {
            sink.stop();
            source.stop();
        }
        List<String> arrived = processor.events().stream().map(e -> new String(e.body(), StandardCharsets.UTF_8))
                .toList();
        assertEquals(events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList(), arrived);
    }
}

package org.millrace.flume.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;

/**
 * Flume's own file_roll sink (RollingFileSink, a binary from flume-ng-core 1.11.0) run as a plugin: Flume's
 * transactions on a Millrace channel, Millrace's drain counters, rollback into the channel when a write fails.
 * (The sink contract's "READY for every delivered batch" does not hold for Flume's sinks, which answer BACKOFF to
 * a batch that found the channel empty before it was full.)
 */
class FlumeSinkFactoryTest {
    private static final String ROLLING_FILE_SINK = "org.apache.flume.sink.RollingFileSink";

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Sink adapt(Map<String, String> properties) throws Exception {
        return new FlumeSinkFactory((Class<? extends org.apache.flume.Sink>) Class.forName(ROLLING_FILE_SINK))
                .create(TestContexts.config("sinks", "k1", ROLLING_FILE_SINK, properties));
    }

    private static List<Event> events(int n) {
        List<Event> events = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> events.add(Event.of("event " + i)));
        return events;
    }

    private List<String> written() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void drainsTheChannelInFlumesBatchesAndCountsThem() throws Exception {
        QueueChannel channel = QueueChannel.of(events(250));
        Sink sink = adapt(Map.of("sink.directory", dir.toString(), "sink.rollInterval", "0"));
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            for (int i = 0; i < 10 && channel.size() > 0; i++) {
                sink.process();
            }
            assertEquals(Status.BACKOFF, sink.process(), "an empty channel");
        } finally {
            sink.stop();
        }
        assertEquals(IntStream.range(0, 250).mapToObj(i -> "event " + i).toList(), written());
        SinkCounter counter = context.counter();
        assertEquals(250, counter.get(SinkCounter.Name.EventDrainSuccessCount));
        assertEquals(250, counter.get(SinkCounter.Name.EventDrainAttemptCount));
        assertEquals(2, counter.get(SinkCounter.Name.BatchCompleteCount), "two batches of Flume's 100");
        assertEquals(1, counter.get(SinkCounter.Name.BatchUnderflowCount), "the last 50");
        assertTrue(counter.get(SinkCounter.Name.BatchEmptyCount) >= 1);
    }

    @Test
    void aBatchTheFlumeSinkCannotWriteGoesBackIntoTheChannelInOrder() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        QueueChannel channel = QueueChannel.of(events(30));
        Sink sink = adapt(Map.of("sink.directory", notADirectory.toString(), "sink.rollInterval", "0"));
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            assertThrows(EventDeliveryException.class, sink::process);
            assertThrows(EventDeliveryException.class, sink::process);
        } finally {
            sink.stop();
        }
        assertEquals(0, context.counter().get(SinkCounter.Name.EventDrainSuccessCount));
        assertEquals(IntStream.range(0, 30).mapToObj(i -> "event " + i).toList(),
                channel.drain().stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList());
    }
}

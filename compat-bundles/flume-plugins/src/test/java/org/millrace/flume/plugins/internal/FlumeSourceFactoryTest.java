package org.millrace.flume.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.PollableSource;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

/** Flume's own sources, binaries from flume-ng-core 1.11.0, run as plugins through the adapter. */
class FlumeSourceFactoryTest {

    @SuppressWarnings("unchecked")
    static Source adapt(String className, Map<String, String> properties) throws Exception {
        Class<? extends org.apache.flume.Source> c = (Class<? extends org.apache.flume.Source>) Class.forName(className);
        return new FlumeSourceFactory(c).create(TestContexts.config("sources", "r1", className, properties));
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void flumesSequenceGeneratorIsAPollableSourceWithItsOwnBackoffAndCounters() throws Exception {
        Source source = adapt("org.apache.flume.source.SequenceGeneratorSource",
                Map.of("totalEvents", "250", "batchSize", "100"));
        PollableSource pollable = assertInstanceOf(PollableSource.class, source);
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        source.start(context);
        int calls = 0;
        while (pollable.process() == Status.READY && calls++ < 10) {
            // the runner calls again at once
        }
        source.stop();
        assertEquals(IntStream.range(0, 250).mapToObj(Integer::toString).toList(), bodies(processor.events()));
        assertEquals(3, processor.batches(), "Flume's batches of 100 arrive as batches");
        assertEquals(250, context.counter().get(SourceCounter.Name.EventAcceptedCount));
        assertEquals(1000, pollable.backoffSleepIncrement());
        assertEquals(5000, pollable.maxBackoffSleep());
    }

    @Test
    void aBatchTheChannelsRefuseReachesTheFlumeSourceAsFlumesChannelExceptionAndIsSentAgain() throws Exception {
        Source source = adapt("org.apache.flume.source.SequenceGeneratorSource",
                Map.of("totalEvents", "150", "batchSize", "100"));
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        source.start(context);
        processor.refuseNext(1);
        for (int i = 0; i < 10 && processor.events().size() < 150; i++) {
            ((PollableSource) source).process();
        }
        source.stop();
        assertEquals(IntStream.range(0, 150).mapToObj(Integer::toString).toList(), bodies(processor.events()),
                "the refused batch again, nothing lost or twice");
        assertEquals(250, context.counter().get(SourceCounter.Name.EventReceivedCount));
        assertEquals(150, context.counter().get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void flumesNetcatSourceIsEventDrivenAndAnswersOnARealSocket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Source source = adapt("org.apache.flume.source.NetcatSource",
                Map.of("bind", "127.0.0.1", "port", Integer.toString(port)));
        assertInstanceOf(EventDrivenSource.class, source);
        RecordingProcessor processor = new RecordingProcessor();
        source.start(TestContexts.sourceContext("r1", processor));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
        } finally {
            source.stop();
        }
        assertEquals(List.of("hello", "world"), bodies(processor.events()));
        try (ServerSocket again = new ServerSocket(port)) {
            assertTrue(again.isBound(), "stop released the port");
        }
    }

    @Test
    void aSourceThatIsNeitherPollableNorEventDrivenIsRefusedAsFlumeRefusesIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new FlumeSourceFactory(NeitherSource.class).create(
                        TestContexts.config("sources", "r1", NeitherSource.class.getName(), Map.of())));
        assertEquals("a1.sources.r1.type", e.problems().get(0).key());
        assertTrue(e.problems().get(0).reason().contains("PollableSource or an EventDrivenSource"));
    }

    @Test
    void aSourceLeftInStateErrorByItsStartDoesNotStart() throws Exception {
        Source source = adapt("org.apache.flume.source.NetcatSource", Map.of("bind", "203.0.113.1", "port", "1"));
        List<Throwable> failures = new ArrayList<>();
        try {
            source.start(TestContexts.sourceContext("r1", new RecordingProcessor()));
        } catch (RuntimeException e) {
            failures.add(e);
        } finally {
            source.stop();
        }
        assertEquals(1, failures.size(), "the bind failure is the start's");
    }

    /** A source Flume's SourceRunner would not run. */
    public static class NeitherSource extends org.apache.flume.source.AbstractSource {
    }
}

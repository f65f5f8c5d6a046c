package org.millrace.source.seq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.PollableSource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class SeqSourceTest {
    private final RecordingProcessor processor = new RecordingProcessor();

    private PollableSource start(Map<String, String> properties, SourceContext context) throws Exception {
        PollableSource source = (PollableSource) new SeqSourceFactory().create(TestContexts.config("sources", "r1",
                "seq", properties));
        source.start(context);
        return source;
    }

    @Test
    void countsFromZeroInBatchesAndStopsAtTotalEvents() throws Exception {
        SourceContext context = TestContexts.sourceContext("r1", processor);
        PollableSource source = start(Map.of("batchSize", "4", "totalEvents", "10"), context);
        assertEquals(Status.READY, source.process());
        assertEquals(Status.READY, source.process());
        assertEquals(Status.READY, source.process());
        assertEquals(Status.BACKOFF, source.process());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), processor.events().stream()
                .map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(3, processor.batches());
        assertEquals(10L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void aRefusedBatchIsRetriedWithTheSameNumbers() throws Exception {
        SourceContext context = TestContexts.sourceContext("r1", processor);
        PollableSource source = start(Map.of("batchSize", "2", "totalEvents", "4"), context);
        processor.refuseNext(1);
        assertEquals(Status.BACKOFF, source.process());
        assertEquals(Status.READY, source.process());
        assertEquals(Status.READY, source.process());
        assertEquals(List.of("0", "1", "2", "3"), processor.events().stream()
                .map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(1L, context.counter().get(SourceCounter.Name.ChannelWriteFail));
    }

    @Test
    void aBatchLargerThanTheChannelsTransactionsCannotStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(Map.of("batchSize", "500"),
                TestContexts.sourceContext("r1", processor)));
        assertEquals("batchSize 500 exceeds the transactionCapacity 100 of the source's channels", e.getMessage());
    }

    @Test
    void refusesBadNumbers() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> start(Map.of("batchSize",
                "0"), TestContexts.sourceContext("r1", processor)));
        assertEquals("a1.sources.r1.batchSize = 0: must be at least 1", e.problems().get(0).toString());
    }
}

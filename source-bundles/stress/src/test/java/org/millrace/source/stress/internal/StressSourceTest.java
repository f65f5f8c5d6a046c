package org.millrace.source.stress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class StressSourceTest {

    private static StressSource start(Map<String, String> properties, RecordingProcessor processor)
            throws Exception {
        StressSource source = (StressSource) new StressSourceFactory().create(TestContexts.config("sources", "r1",
                "org.apache.flume.source.StressSource", properties));
        source.start(TestContexts.sourceContext("r1", processor));
        return source;
    }

    @Test
    void eventsOfTheSizeUntilTheTotalAsFlumeCountsIt() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        StressSource source = start(Map.of("size", "10", "batchSize", "7", "maxTotalEvents", "20"), processor);
        processor.refuseNext(1);
        while (source.process() == Status.READY || processor.batches() == 0) {
            Thread.onSpinWait();
        }
        while (source.process() == Status.READY) {
            Thread.onSpinWait();
        }
        assertEquals(13, processor.events().size(), "the refused batch of 7 counts toward maxTotalEvents");
        assertEquals(10, processor.events().get(0).body().length);
        assertEquals(0x7F, processor.events().get(0).body()[0]);
    }

    @Test
    void maxEventsPerSecondPacesTheSource() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        StressSource source = start(Map.of("batchSize", "10", "maxEventsPerSecond", "200",
                "maxSuccessfulEvents", "100"), processor);
        long begun = System.nanoTime();
        while (source.process() == Status.READY) {
            Thread.onSpinWait();
        }
        long millis = (System.nanoTime() - begun) / 1_000_000;
        assertEquals(100, processor.events().size());
        assertTrue(millis >= 400, "100 events at 200/s take about half a second: " + millis + " ms");
    }
}

package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class ComponentCounterTest {

    @Test
    void aConnectorsOwnCountersArePublishedAfterFlumesStandardOnes() {
        SourceCounter counter = new SourceCounter();
        counter.increment(SourceCounter.Name.EventReceivedCount);
        LongAdder truncated = counter.counter("LinesTruncatedCount");
        truncated.add(3);
        assertSame(truncated, counter.counter("LinesTruncatedCount"), "one counter per name");
        AtomicLong open = new AtomicLong(2);
        counter.gauge("OpenFileCount", open::get);
        open.set(5);
        Map<String, Object> attributes = counter.attributes();
        assertEquals(1L, attributes.get("EventReceivedCount"));
        assertEquals(3L, attributes.get("LinesTruncatedCount"));
        assertEquals(5L, attributes.get("OpenFileCount"));
        List<String> names = List.copyOf(attributes.keySet());
        assertEquals(List.of("LinesTruncatedCount", "OpenFileCount", "StartTime", "StopTime", "Type"),
                names.subList(names.size() - 5, names.size()));
    }

    @Test
    void aConnectorCannotShadowAStandardCounter() {
        SinkCounter counter = new SinkCounter();
        assertThrows(IllegalArgumentException.class, () -> counter.counter("EventDrainSuccessCount"));
        counter.gauge("Backlog", () -> 1);
        assertThrows(IllegalArgumentException.class, () -> counter.counter("Backlog"));
        assertThrows(IllegalArgumentException.class, () -> counter.gauge("StartTime", () -> 1));
    }

    @Test
    void typeNamesAreReadFromAnyShapeOfServiceProperty() {
        assertEquals(List.of("netcat"), ConnectorTypes.names(" NetCat "));
        assertEquals(List.of("a", "b"), ConnectorTypes.names(new String[] {"A", "b"}));
        assertEquals(List.of("x"), ConnectorTypes.names(List.of("X", " ")));
        assertEquals(List.of(), ConnectorTypes.names(42));
    }
}

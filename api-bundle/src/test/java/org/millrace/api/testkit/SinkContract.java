package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Resource;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;

/**
 * The behaviour every sink owes: it backs off on an empty channel, drains what is there in transactions and keeps
 * Flume's counters, rolls a batch it could not deliver back into the channel, and releases what it holds when it
 * stops. A sink's test class inherits these tests and builds the sink from Flume properties.
 */
public abstract class SinkContract {

    /** A new sink for these properties, not started. */
    protected abstract Sink create(Map<String, String> properties) throws Exception;

    /** Properties under which the sink can deliver in this test (e.g. a directory); none by default. */
    protected Map<String, String> workingProperties() {
        return Map.of();
    }

    /**
     * Properties under which every delivery fails (a destination that refuses, a directory that cannot be written),
     * or {@code null} for a sink that cannot fail (it discards or logs); the rollback test is then skipped.
     */
    protected Map<String, String> failingProperties() {
        return null;
    }

    /** Checks what the subclass can see of a stopped sink's connections; after the contract's own checks. */
    protected void assertReleased(Sink stopped) throws Exception {
    }

    private static List<Event> events(int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.of("event " + i));
        }
        return events;
    }

    @Test
    void backsOffOnAnEmptyChannel() throws Exception {
        Sink sink = create(workingProperties());
        SinkContext context = TestContexts.sinkContext("k1", new QueueChannel());
        sink.start(context);
        try {
            assertEquals(Status.BACKOFF, sink.process());
            assertEquals(1L, context.counter().get(SinkCounter.Name.BatchEmptyCount));
        } finally {
            sink.stop();
        }
    }

    @Test
    void drainsTheChannelAndCountsWhatItDelivered() throws Exception {
        QueueChannel channel = QueueChannel.of(events(250));
        Sink sink = create(workingProperties());
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            int rounds = 0;
            while (sink.process() == Status.READY) {
                rounds++;
            }
            assertEquals(0, channel.size());
            assertEquals(250L, context.counter().get(SinkCounter.Name.EventDrainSuccessCount));
            assertEquals(rounds, context.counter().get(SinkCounter.Name.BatchCompleteCount)
                    + context.counter().get(SinkCounter.Name.BatchUnderflowCount));
        } finally {
            sink.stop();
        }
    }

    @Test
    void aBatchItCannotDeliverGoesBackIntoTheChannelInOrder() throws Exception {
        Map<String, String> failing = failingProperties();
        assumeTrue(failing != null, "this sink cannot fail to deliver");
        QueueChannel channel = QueueChannel.of(events(30));
        Sink sink = create(failing);
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            assertThrows(EventDeliveryException.class, sink::process);
            assertThrows(EventDeliveryException.class, sink::process);
            assertEquals(30, channel.size(), "nothing taken was lost");
            assertEquals(0L, context.counter().get(SinkCounter.Name.EventDrainSuccessCount));
        } finally {
            sink.stop();
        }
        List<Event> left = channel.drain();
        assertEquals(events(30).stream().map(e -> new String(e.body())).toList(),
                left.stream().map(e -> new String(e.body())).toList(), "the rolled-back batch is first, in order");
    }

    @Test
    void stoppingReleasesItsFilesAndConnections() throws Exception {
        Sink sink = create(workingProperties());
        SinkContext context = TestContexts.sinkContext("k1", QueueChannel.of(events(10)));
        sink.start(context);
        sink.process();
        sink.stop();
        for (Resource r : sink.resources()) {
            assertTrue(OpenFiles.under(r).isEmpty(), "still open after stop: " + OpenFiles.under(r));
        }
        assertReleased(sink);
    }
}

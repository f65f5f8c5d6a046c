package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;

/**
 * The behaviour every sink owes: it backs off on an empty channel, drains what is there in transactions and
 * keeps Flume's counters. A sink's test class inherits these tests and builds the sink from Flume properties.
 */
public abstract class SinkContract {

    /** A new sink for these properties, not started. */
    protected abstract Sink create(Map<String, String> properties) throws Exception;

    /** Properties under which the sink can deliver in this test (e.g. a directory); none by default. */
    protected Map<String, String> workingProperties() {
        return Map.of();
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
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(Event.of("event " + i));
        }
        QueueChannel channel = QueueChannel.of(events);
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
}

package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.Resource;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;

/**
 * The behaviour every source owes: what it receives (or produces) arrives in its channels, in order, counted under
 * Flume's names; a full channel holds its senders back or refuses them as its protocol allows, never acknowledging
 * what it did not commit; stopping commits or rolls back what is in flight, loses nothing acknowledged, and
 * releases its ports and files. A source's test class inherits these tests.
 *
 * <p>The subclass makes the source and sends events to it the way its clients do; a pollable source (seq) sends
 * nothing, the contract polls it, and {@link #send} says which bodies it will produce.
 */
public abstract class SourceContract {
    /** What the source's protocol lets it do when its channel is full. */
    protected enum WhenFull {
        /** It stops reading and retries: senders wait (netcat), or a pollable source polls again later. */
        HOLDS_THE_SENDER_BACK,
        /** It answers that it did not take the events: senders keep them and retry (avro's FAILED). */
        REFUSES_THE_SENDER
    }

    private final List<Source> started = new ArrayList<>();
    private final ExecutorService pump = Executors.newSingleThreadExecutor();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private Future<?> polling;

    /** A new source for these properties, not started. */
    protected abstract Source create(Map<String, String> properties) throws Exception;

    /**
     * Properties under which the source receives {@code events} events on {@code port}, a free local port (a
     * network source listens there; a generator produces that many).
     */
    protected abstract Map<String, String> properties(int port, int events);

    /**
     * Makes the started source receive these bodies the way its clients deliver them; returns the bodies it
     * acknowledged. A pollable source returns the bodies it will produce.
     */
    protected abstract List<String> send(int port, List<String> bodies) throws Exception;

    /** What the source does when its channel is full. */
    protected abstract WhenFull whenFull();

    /**
     * Whether the protocol tells a sender its events were committed (netcat's OK, avro's reply). Where it does
     * not (syslog), {@link #send} returns what it sent, and a stop may lose what was sent but not yet read.
     */
    protected boolean acknowledges() {
        return true;
    }

    /**
     * Whether the source produces its events itself from what {@link #properties} set up (a generator, files
     * placed before it starts) rather than receiving them from senders; pollable sources do.
     */
    protected boolean producesOnItsOwn(Source source) {
        return source instanceof PollableSource;
    }

    @AfterEach
    void stopSources() throws Exception {
        pumping.set(false);
        if (polling != null) {
            polling.get(10, TimeUnit.SECONDS); // as the platform does: a poll is never interrupted
        }
        pump.shutdownNow();
        started.forEach(Source::stop);
    }

    private record Running(Source source, SourceContext context, RecordingProcessor processor, int port) {
    }

    private Running start(int events) throws Exception {
        return start(events, 0);
    }

    /** Starts the source with a channel that refuses its first {@code refusals} batches. */
    private Running start(int events, int refusals) throws Exception {
        int port = OpenFiles.freePort();
        Source source = create(properties(port, events));
        RecordingProcessor processor = new RecordingProcessor();
        processor.refuseNext(refusals);
        SourceContext context = TestContexts.sourceContext("r1", processor);
        source.start(context);
        started.add(source);
        if (source instanceof PollableSource pollable) {
            pumping.set(true);
            polling = pump.submit(() -> {
                while (pumping.get()) {
                    try {
                        if (pollable.process() == Status.BACKOFF) {
                            Thread.sleep(5);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        return new Running(source, context, processor, port);
    }

    private void stop(Running r) throws Exception {
        pumping.set(false);
        if (polling != null) {
            polling.get(10, TimeUnit.SECONDS);
        }
        started.remove(r.source());
        r.source().stop();
    }

    private static List<String> bodies(int n, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> text(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void whatItReceivesArrivesInOrderAndIsCounted() throws Exception {
        Running r = start(100);
        List<String> acknowledged = send(r.port(), bodies(100, "event-"));
        assertEquals(100, acknowledged.size(), "every event acknowledged");
        assertEquals(acknowledged, text(r.processor().await(100, 10)));
        SourceCounter counter = r.context().counter();
        // a source counts a batch once the channel took it, which the channel sees first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get(SourceCounter.Name.EventAcceptedCount) < 100 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(100L, counter.get(SourceCounter.Name.EventReceivedCount));
        assertEquals(100L, counter.get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void aFullChannelHoldsTheSenderBackOrRefusesItButNeverAcknowledgesWhatItDidNotCommit() throws Exception {
        Running r = start(20, 3);
        List<String> acknowledged = send(r.port(), bodies(20, "full-"));
        if (whenFull() == WhenFull.HOLDS_THE_SENDER_BACK) {
            assertEquals(20, acknowledged.size(), "held back, then every event taken");
            r.processor().await(20, 10);
        }
        List<String> committed = text(r.processor().events());
        assertTrue(committed.containsAll(acknowledged), "acknowledged " + acknowledged + ", committed " + committed);
        assertTrue(r.processor().events().stream().noneMatch(e -> e.header(RecordingProcessor.REFUSED_HEADER) != null),
                "a refused batch is delivered again as new events: interceptors must not run twice on one event");
        assertTrue(r.context().counter().get(SourceCounter.Name.ChannelWriteFail) >= 1, "the refusals are counted");
    }

    @Test
    void stoppingReleasesItsPortsAndFiles() throws Exception {
        Running r = start(5);
        send(r.port(), bodies(5, "before-stop-"));
        r.processor().await(5, 10);
        List<Resource> held = r.source().resources();
        stop(r);
        for (Resource resource : held) {
            assertTrue(OpenFiles.under(resource).isEmpty(), "still held after stop: " + resource);
        }
    }

    @Test
    void stoppingUnderLoadLosesNothingItAcknowledged() throws Exception {
        Running r = start(100_000);
        if (producesOnItsOwn(r.source())) {
            r.processor().await(500, 10);
            stop(r);
            List<String> committed = text(r.processor().events());
            assertEquals(send(r.port(), bodies(committed.size(), "")), committed,
                    "what it produced until it stopped, with no gap and nothing twice");
            return;
        }
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<?> sending = sender.submit(() -> {
                for (int batch = 0; batch < 1000; batch++) {
                    try {
                        acknowledged.addAll(send(r.port(), bodies(100, "load-" + batch + "-")));
                    } catch (Exception stopped) {
                        return null; // the source went away mid-call: what it did not answer is not acknowledged
                    }
                }
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.processor().events().size() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            stop(r);
            sending.get(30, TimeUnit.SECONDS);
        } finally {
            sender.shutdownNow();
        }
        List<String> committed = text(r.processor().events());
        assertTrue(committed.size() >= 500, "load was flowing when the source stopped: " + committed.size());
        if (!acknowledges()) {
            // the sender cannot know what was taken: what was taken must have been sent, and only once
            assertEquals(committed.size(), new java.util.HashSet<>(committed).size(), "nothing committed twice");
            assertTrue(new java.util.HashSet<>(acknowledged).containsAll(committed), "only what was sent");
            return;
        }
        List<String> lost = new ArrayList<>(acknowledged);
        lost.removeAll(new java.util.HashSet<>(committed));
        assertEquals(List.of(), lost, "acknowledged but not committed");
    }
}

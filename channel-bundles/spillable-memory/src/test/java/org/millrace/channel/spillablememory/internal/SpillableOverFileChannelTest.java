package org.millrace.channel.spillablememory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Channel;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.TestContexts;
import org.millrace.channel.file.internal.FileChannelFactory;

/** The spillable channel over the real file channel, as a user runs it. */
class SpillableOverFileChannelTest {
    @TempDir
    Path dirs;

    private Channel started() throws Exception {
        Channel channel = new SpillableMemoryChannelFactory(new FileChannelFactory()).create(TestContexts.config(
                "channels", "c1", "spillablememory", Map.of("memoryCapacity", "3", "overflowTimeout", "0",
                        "checkpointDir", dirs.resolve("checkpoint").toString(),
                        "dataDirs", dirs.resolve("data").toString())));
        channel.start(TestContexts.channelContext("c1"));
        return channel;
    }

    private static void put(Channel channel, String... bodies) {
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            for (String body : bodies) {
                tx.put(Event.of(body));
            }
            tx.commit();
        }
    }

    private static List<String> takeAll(Channel channel) {
        List<Event> events = new ArrayList<>();
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take(100, events);
            tx.commit();
        }
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void spillsToDiskAndAStopSavesWhatMemoryHeld() throws Exception {
        Channel channel = started();
        put(channel, "m1", "m2");
        put(channel, "o1", "o2"); // memory holds 3: this commit spills
        put(channel, "m3"); // room again
        assertTrue(channel.isDurable(), "the overflow has room for what memory holds");
        channel.stop();
        Channel again = started();
        assertEquals(5, again.size());
        List<String> bodies = takeAll(again);
        assertEquals(List.of("o1", "o2", "m1", "m2", "m3"), bodies, "what memory held is behind the overflow's");
        again.stop();
    }
}

package org.millrace.source.spooldir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.apache.flume.source.SpoolDirectorySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ChannelFullException;
import org.millrace.api.Event;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.EventDeserializers;

/**
 * Flume 1.11's own spooling directory source and Millrace's on the same directory: each resumes a half-read file
 * where the other stopped, through Flume's meta file, so an agent can be replaced either way mid-file.
 */
class FlumeSpoolDirInteropTest {
    private static final int LINES = 1000;

    @TempDir
    Path dir;

    private Path spool() throws Exception {
        return Files.createDirectories(dir.resolve("spool"));
    }

    private Path writeLog() throws Exception {
        StringBuilder text = new StringBuilder();
        IntStream.range(0, LINES).forEach(i -> text.append("line-").append(i).append(" ünï\n"));
        return Files.writeString(spool().resolve("app.log"), text);
    }

    private static List<String> expected(int from) {
        return IntStream.range(from, LINES).mapToObj(i -> "line-" + i + " ünï").toList();
    }

    private static long bytesOf(int lines) {
        return IntStream.range(0, lines).mapToLong(i -> ("line-" + i + " ünï\n").getBytes(StandardCharsets.UTF_8)
                .length).sum();
    }

    /** Flume's source into a memory channel of {@code capacity}; started, with the channel to take from. */
    private record Flume(SpoolDirectorySource source, MemoryChannel channel) {
        List<String> take() {
            List<String> out = new ArrayList<>();
            while (true) {
                Transaction tx = channel.getTransaction();
                tx.begin();
                int taken = 0;
                for (org.apache.flume.Event e = channel.take(); e != null; e = taken < 99 ? channel.take() : null) {
                    out.add(new String(e.getBody(), StandardCharsets.UTF_8));
                    taken++;
                }
                tx.commit();
                tx.close();
                if (taken == 0) {
                    return out;
                }
            }
        }

        void stop() {
            source.stop();
            channel.stop();
        }
    }

    private Flume flume(int capacity) throws Exception {
        MemoryChannel channel = new MemoryChannel();
        Configurables.configure(channel, new Context(Map.of("capacity", String.valueOf(capacity),
                "transactionCapacity", "100")));
        channel.start();
        ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
        selector.setChannels(List.of(channel));
        SpoolDirectorySource source = new SpoolDirectorySource();
        source.setName("flume");
        Configurables.configure(source, new Context(Map.of("spoolDir", spool().toString(), "pollDelay", "10")));
        source.setChannelProcessor(new ChannelProcessor(selector));
        source.start();
        return new Flume(source, channel);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    private org.millrace.source.spooldir.internal.SpoolDirectorySource millrace(
            org.millrace.api.ChannelProcessor processor) throws Exception {
        org.millrace.source.spooldir.internal.SpoolDirectorySource source =
                (org.millrace.source.spooldir.internal.SpoolDirectorySource) new SpoolDirectorySourceFactory(
                        EventDeserializers.builtIn()).create(TestContexts.config("sources", "r1", "spooldir",
                                Map.of("spoolDir", spool().toString(), "pollDelay", "10")));
        source.start(TestContexts.sourceContext("r1", processor));
        return source;
    }

    private Path meta() throws Exception {
        return spool().resolve(".flumespool").resolve(SpoolMeta.FILE_NAME);
    }

    @Test
    void millraceFinishesAFileFlumeStoppedIn() throws Exception {
        writeLog();
        Flume flume = flume(300);
        await(() -> {
            SpoolMeta.Recorded r = SpoolMeta.read(meta());
            return r != null && r.position() == bytesOf(300);
        }, "Flume read 300 lines into its full channel");
        flume.stop();
        assertEquals(expected(0).subList(0, 300), flume.take());
        RecordingProcessor processor = new RecordingProcessor();
        var source = millrace(processor);
        try {
            List<Event> rest = processor.await(LINES - 300, 20);
            assertEquals(expected(300), rest.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8))
                    .toList());
            await(() -> Files.exists(spool().resolve("app.log.COMPLETED")), "finished");
        } finally {
            source.stop();
        }
    }

    @Test
    void flumeFinishesAFileMillraceStoppedIn() throws Exception {
        writeLog();
        List<Event> taken = new ArrayList<>();
        var source = millrace(new org.millrace.api.ChannelProcessor() {
            @Override
            public void processEvent(Event event) {
                processEventBatch(List.of(event));
            }

            @Override
            public synchronized void processEventBatch(List<Event> events) {
                if (taken.size() >= 400) {
                    throw new ChannelFullException("full");
                }
                taken.addAll(events);
            }

            @Override
            public int maxBatchSize() {
                return 100;
            }
        });
        await(() -> {
            SpoolMeta.Recorded r = SpoolMeta.read(meta());
            return r != null && r.position() == bytesOf(400);
        }, "Millrace read 400 lines");
        source.stop();
        Flume flume = flume(LINES);
        try {
            await(() -> Files.exists(spool().resolve("app.log.COMPLETED")), "Flume finished the file");
            assertEquals(expected(400), flume.take());
        } finally {
            flume.stop();
        }
    }
}

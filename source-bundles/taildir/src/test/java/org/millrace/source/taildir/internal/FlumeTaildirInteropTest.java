package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

/**
 * Flume 1.11's own TaildirSource and Millrace's on the same files: the same events from the same bytes, and each
 * resumes from the other's position file, so an agent can be replaced either way without a line lost or sent twice.
 */
class FlumeTaildirInteropTest {
    @TempDir
    Path dir;

    /** Events as both sides see them: body, then headers. */
    private record Line(String body, Map<String, String> headers) {
    }

    private Map<String, String> properties() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Map<String, String> p = new HashMap<>();
        p.put("filegroups", "f1");
        p.put("filegroups.f1", logs + "/.*\\.log");
        p.put("headers.f1.kind", "app");
        p.put("positionFile", dir.resolve("taildir_position.json").toString());
        return p;
    }

    private void append(String text) throws IOException {
        Files.writeString(dir.resolve("logs/app.log"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Runs Flume's TaildirSource over the files once (start, poll, stop: its stop writes the positions). */
    private List<Line> flume(Map<String, String> properties) {
        MemoryChannel channel = new MemoryChannel();
        Configurables.configure(channel, new Context(Map.of("capacity", "10000", "transactionCapacity", "1000")));
        channel.start();
        ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
        selector.setChannels(List.of(channel));
        org.apache.flume.source.taildir.TaildirSource source = new org.apache.flume.source.taildir.TaildirSource();
        source.setName("flume");
        Configurables.configure(source, new Context(properties));
        source.setChannelProcessor(new ChannelProcessor(selector));
        source.start();
        try {
            source.process();
        } finally {
            source.stop();
        }
        List<Line> lines = new ArrayList<>();
        Transaction tx = channel.getTransaction();
        tx.begin();
        for (org.apache.flume.Event e = channel.take(); e != null; e = channel.take()) {
            lines.add(new Line(new String(e.getBody(), StandardCharsets.UTF_8), e.getHeaders()));
        }
        tx.commit();
        tx.close();
        channel.stop();
        return lines;
    }

    private List<Line> millrace(Map<String, String> properties) throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        TaildirSource source = (TaildirSource) new TaildirSourceFactory().create(
                TestContexts.config("sources", "r1", "TAILDIR", properties));
        source.start(TestContexts.sourceContext("r1", processor));
        try {
            while (source.process() == Status.READY) {
                Thread.onSpinWait();
            }
        } finally {
            source.stop();
        }
        return processor.events().stream().map(e -> new Line(new String(e.body(), StandardCharsets.UTF_8),
                e.headers())).toList();
    }

    private static List<String> bodies(List<Line> lines) {
        return lines.stream().map(Line::body).toList();
    }

    @Test
    void bothMakeTheSameEventsOfTheSameBytes() throws Exception {
        Map<String, String> p = properties();
        append("plain\r\nwindows\r\nünïcödé\n\nlast with\rcr\n");
        p.put("byteOffsetHeader", "true");
        p.put("fileHeader", "true");
        List<Line> flume = flume(p);
        Files.delete(Path.of(p.get("positionFile")));
        assertEquals(flume, millrace(p));
        assertEquals(5, flume.size());
    }

    @Test
    void millraceResumesWhereFlumeStopped() throws Exception {
        Map<String, String> p = properties();
        append("one\ntwo\n");
        assertEquals(List.of("one", "two"), bodies(flume(p)));
        append("three\n");
        assertEquals(List.of("three"), bodies(millrace(p)));
    }

    @Test
    void flumeResumesWhereMillraceStopped() throws Exception {
        Map<String, String> p = properties();
        append("one\ntwo\n");
        assertEquals(List.of("one", "two"), bodies(millrace(p)));
        append("three\n");
        assertEquals(List.of("three"), bodies(flume(p)));
    }
}

package org.millrace.source.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class ExecSourceTest {
    @TempDir
    Path dir;
    private final List<ExecSource> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ExecSource::stop);
    }

    private ExecSource start(Map<String, String> properties, SourceContext context) throws Exception {
        ExecSource source = (ExecSource) new ExecSourceFactory().create(TestContexts.config("sources", "r1", "exec",
                properties));
        source.start(context);
        started.add(source);
        return source;
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, String> shell(String command) {
        Map<String, String> p = new HashMap<>();
        p.put("command", command);
        p.put("shell", "/bin/sh -c");
        p.put("batchTimeout", "50");
        return p;
    }

    @Test
    void eachLineOfTheCommandsOutputIsAnEventWhateverItsEnding() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(shell("printf 'unix\\nwindows\\r\\nold mac\\rlast'"), context);
        assertEquals(List.of("unix", "windows", "old mac", "last"), bodies(processor.await(4, 10)));
        // counted once the processor returned, a moment after it recorded the events
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (context.counter().get(SourceCounter.Name.EventAcceptedCount) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(4L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void withoutAShellTheCommandIsSplitOnWhiteSpace() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        start(Map.of("command", "echo  a   b", "batchTimeout", "50"), TestContexts.sourceContext("r1", processor));
        assertEquals(List.of("a b"), bodies(processor.await(1, 10)));
    }

    @Test
    void aBatchThatIsNotFullGoesAfterBatchTimeout() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        Map<String, String> p = shell("echo first; sleep 30");
        p.put("batchTimeout", "100");
        start(p, TestContexts.sourceContext("r1", processor));
        assertEquals(List.of("first"), bodies(processor.await(1, 10)), "delivered while the command still runs");
    }

    @Test
    void aFullChannelHoldsTheCommandBackAndLosesNothing() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        processor.refuseNext(5);
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(shell("seq 1 500"), context);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            expected.add(String.valueOf(i));
        }
        assertEquals(expected, bodies(processor.await(500, 20)));
        assertTrue(context.counter().get(SourceCounter.Name.ChannelWriteFail) >= 5);
    }

    @Test
    void restartRunsTheCommandAgainAfterTheThrottle() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        Map<String, String> p = shell("echo run");
        p.put("restart", "true");
        p.put("restartThrottle", "50");
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(p, context);
        assertEquals(List.of("run", "run", "run"), bodies(processor.await(3, 10)).subList(0, 3));
        assertTrue((Long) context.counter().attributes().get("CommandStartCount") >= 3);
    }

    @Test
    void stoppingTheSourceStopsTheCommandAndEverythingItStarted() throws Exception {
        Path pids = dir.resolve("pids");
        RecordingProcessor processor = new RecordingProcessor();
        ExecSource source = start(shell("sleep 300 & echo $! > " + pids + "; echo started; tail -f /dev/null"),
                TestContexts.sourceContext("r1", processor));
        processor.await(1, 10);
        long sleeper = Long.parseLong(Files.readString(pids).trim());
        assertTrue(ProcessHandle.of(sleeper).isPresent(), "the grandchild runs");
        source.stop();
        started.remove(source);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the grandchild outlived the source");
            Thread.sleep(20);
        }
    }

    @Test
    void aLongLineIsCutAndCounted() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        Map<String, String> p = shell("printf 'abcdefg\\n'");
        p.put("maxLineLength", "3");
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(p, context);
        assertEquals(List.of("abc", "def", "g"), bodies(processor.await(3, 10)));
        assertEquals(2L, context.counter().attributes().get("LineSplitCount"));
    }

    @Test
    void aCommandThatCannotStartFailsTheStartWithItsName() throws Exception {
        IOException e = assertThrows(IOException.class, () -> start(Map.of("command", "/no/such/command"),
                TestContexts.sourceContext("r1", new RecordingProcessor())));
        assertTrue(e.getMessage().contains("/no/such/command"), e.getMessage());
    }

    @Test
    void standardErrorIsDrainedSoTheCommandNeverBlocksOnIt() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        start(shell("head -c 1000000 /dev/zero >&2; echo done"), TestContexts.sourceContext("r1", processor));
        assertEquals(List.of("done"), bodies(processor.await(1, 10)));
        assertFalse(processor.events().isEmpty());
    }
}

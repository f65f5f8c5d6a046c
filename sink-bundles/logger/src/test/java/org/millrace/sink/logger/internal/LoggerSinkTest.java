package org.millrace.sink.logger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;

class LoggerSinkTest extends SinkContract {

    @Override
    protected Sink create(Map<String, String> properties) throws ConfigurationException {
        return new LoggerSinkFactory().create(TestContexts.config("sinks", "k1", "logger", properties));
    }

    @Test
    void dumpsAsFlumeDoesInItsQuickStart() {
        Event e = Event.of("Hello world!\r".getBytes(StandardCharsets.US_ASCII));
        assertEquals("{ headers:{} body: 48 65 6C 6C 6F 20 77 6F 72 6C 64 21 0D          Hello world!. }",
                LoggerSink.dump(e, 16));
    }

    @Test
    void dumpShowsHeadersAndStopsAtMaxBytes() {
        Event e = Event.of(Map.of("host", "web1"), "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII));
        assertEquals("{ headers:{host=web1} body: 30 31 32 33                                     0123 }",
                LoggerSink.dump(e, 4));
        assertEquals("{ headers:{host=web1} body: }", LoggerSink.dump(e, 0));
    }

    @Test
    void dumpWrapsEverySixteenBytesWithTheOffset() {
        Event e = Event.of("0123456789abcdefXY".getBytes(StandardCharsets.US_ASCII));
        assertEquals("{ headers:{} body: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 0123456789abcdef"
                + System.lineSeparator() + "00000010 58 59                                           XY }",
                LoggerSink.dump(e, 100));
    }

    @Test
    void refusesANegativeMaxBytesToLog() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "maxBytesToLog", "-1")));
        assertEquals("a1.sinks.k1.maxBytesToLog = -1: must not be negative", e.problems().get(0).toString());
    }
}

package org.millrace.source.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.api.testkit.TestContexts;
import org.millrace.source.http.BadRequestException;
import org.millrace.source.http.HttpRequestHandler;

/**
 * JSON bodies as a hostile client posts them, in UTF-8, UTF-16 or UTF-32: they become events, or a bad request
 * (answered 400); nothing else is thrown, and no event is bigger than the body it came from.
 */
class JsonHandlerFuzzTest {
    private static final HttpRequestHandler JSON = new JsonHandlerFactory().create(TestContexts.config("sources",
            "r1", "http", java.util.Map.of()));
    private static final Charset[] CHARSETS = {StandardCharsets.UTF_8, StandardCharsets.UTF_16,
        Charset.forName("UTF-32")};

    @FuzzTest(maxDuration = "10s")
    void bodiesBecomeEventsOrABadRequest(FuzzedDataProvider data) {
        Charset charset = CHARSETS[data.consumeInt(0, 2)];
        byte[] body = data.consumeRemainingAsBytes();
        try {
            List<Event> events = JSON.events(FlumeJsonHandlerEquivalenceTest.request(body, charset));
            long bytes = events.stream().mapToLong(e -> e.body().length).sum();
            assertTrue(bytes <= 4L * body.length, bytes + " bytes of events from a body of " + body.length);
        } catch (BadRequestException refused) {
            // answered 400 with the reason
        }
    }
}

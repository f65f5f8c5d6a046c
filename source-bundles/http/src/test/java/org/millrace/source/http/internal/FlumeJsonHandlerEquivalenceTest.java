package org.millrace.source.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.servlet.http.HttpServletRequest;
import org.apache.flume.source.http.HTTPBadRequestException;
import org.apache.flume.source.http.JSONHandler;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.testkit.TestContexts;
import org.millrace.source.http.BadRequestException;
import org.millrace.source.http.HttpRequestHandler;
import org.millrace.source.http.HttpSourceRequest;

/** Flume 1.11's JSONHandler and ours read the same random requests into the same events. */
class FlumeJsonHandlerEquivalenceTest {
    private static final String[] PIECES = {"a", "log line ", "é", "ü€", "😀", "\\\"", "\\\\", "\\n", "\\t", "\\/",
        "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "\\u0000", " ", "{", "]", ":", ",", "'"};
    private final HttpRequestHandler ours = new JsonHandlerFactory().create(TestContexts.config("sources", "r1",
            "http", Map.of()));
    private final JSONHandler flumes = new JSONHandler();

    @Test
    void randomRequestsGiveTheSameEvents() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            Charset charset = round % 10 == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8;
            byte[] request = randomRequest(random).getBytes(charset);
            assertSameEvents(request, charset, "round " + round);
        }
    }

    /** The shape clients send, in ASCII with escapes: read by the fast path, as Flume reads it. */
    @Test
    void plainRequestsTakeTheFastPathAndGiveFlumesEvents() throws Exception {
        Random random = new Random(11);
        String[] plain = {"a", "log line ", "\\\"", "\\\\", "\\n", "\\t", "\\/", "\\u00e9", "\\u20ac",
            "\\u0000", " ", "{", "]", ":", ",", "'", "\t"};
        for (int round = 0; round < 2000; round++) {
            byte[] request = randomRequest(random, plain).getBytes(StandardCharsets.UTF_8);
            assertNotNull(PlainJsonEvents.read(request), () -> new String(request, StandardCharsets.UTF_8));
            assertSameEvents(request, StandardCharsets.UTF_8, "round " + round);
        }
        assertNull(PlainJsonEvents.read("[{'body': 'x'}]".getBytes(StandardCharsets.UTF_8)), "lenient: general");
        assertNull(PlainJsonEvents.read("[{\"body\": \"é\"}]".getBytes(StandardCharsets.UTF_8)), "non-ASCII: general");
        assertNull(PlainJsonEvents.read("[{\"body\": 5}]".getBytes(StandardCharsets.UTF_8)), "a number: general");
    }

    @Test
    void aHeaderValueEqualToAnotherHeadersNameIsNoDuplicate() throws Exception {
        for (String request : List.of("[{\"headers\": {\"a\": \"b\", \"b\": \"c\"}}]",
                "[{\"headers\": {\"a\": \"b\", \"b\": \"c\"}, \"body\": 'lenient'}]")) {
            assertSameEvents(request.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, request);
        }
    }

    private void assertSameEvents(byte[] request, Charset charset, String what) throws Exception {
        List<org.apache.flume.Event> expected = flumes.getEvents(servletRequest(request, charset));
        List<Event> actual = ours.events(request(request, charset));
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            String event = what + " event " + i + ": " + new String(request, charset);
            assertArrayEquals(expected.get(i).getBody(), actual.get(i).body(), event);
            assertEquals(expected.get(i).getHeaders(), actual.get(i).headers(), event);
        }
    }

    @Test
    void aHeaderNamedTwiceIsRejectedAsByFlume() {
        byte[] request = "[{\"headers\": {\"h\": \"1\", \"h\": \"2\"}}]".getBytes(StandardCharsets.UTF_8);
        assertThrows(HTTPBadRequestException.class,
                () -> flumes.getEvents(servletRequest(request, StandardCharsets.UTF_8)));
        assertThrows(BadRequestException.class, () -> ours.events(request(request, StandardCharsets.UTF_8)));
    }

    @Test
    void lenientJsonIsReadAsByFlume() throws Exception {
        for (String lenient : List.of("[{\"body\": \"tab\there\u0001\"}]", "[{'body': 'single \\' quoted'}]",
                "[{headers: {h: 'v'}, body: \"bare names\"}]", "[/* c */ {\"body\": \"x\"} # y\n]")) {
            assertSameEvents(lenient.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, lenient);
        }
    }

    @Test
    void malformedUtf8IsReplacedAsByFlume() throws Exception {
        byte[] request = {'[', '{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', 'a', (byte) 0xc3, '"', '}', ']'};
        assertSameEvents(request, StandardCharsets.UTF_8, "a body with a cut character");
        assertEquals("a\ufffd", new String(ours.events(request(request, StandardCharsets.UTF_8)).get(0).body(),
                StandardCharsets.UTF_8));
    }

    private static String randomRequest(Random random) {
        return randomRequest(random, PIECES);
    }

    private static String randomRequest(Random random, String[] pieces) {
        StringBuilder json = new StringBuilder("[");
        int events = random.nextInt(5);
        for (int e = 0; e < events; e++) {
            json.append(e == 0 ? "" : ",").append(random.nextBoolean() ? " {" : "{");
            boolean comma = false;
            if (random.nextInt(3) > 0) {
                json.append("\"headers\": {");
                int headers = random.nextInt(3);
                for (int h = 0; h < headers; h++) {
                    json.append(h == 0 ? "" : ", ").append('"').append(h).append(text(random, pieces))
                            .append("\": \"").append(text(random, pieces)).append('"');
                }
                json.append('}');
                comma = true;
            }
            if (random.nextInt(4) > 0) {
                json.append(comma ? ", " : "").append("\"body\":").append(random.nextBoolean() ? " " : "")
                        .append('"').append(text(random, pieces)).append('"');
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    private static String text(Random random, String[] pieces) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static HttpServletRequest servletRequest(byte[] body, Charset charset) {
        return (HttpServletRequest) Proxy.newProxyInstance(FlumeJsonHandlerEquivalenceTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getReader" -> new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                            charset));
                    case "getCharacterEncoding" -> charset.equals(StandardCharsets.UTF_8) ? null : charset.name();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A POST of {@code body} in {@code charset} (for the fuzz test too). */
    static HttpSourceRequest request(byte[] body, Charset charset) {
        return new HttpSourceRequest() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String path() {
                return "/";
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public Charset charset() {
                return charset.equals(StandardCharsets.UTF_8) ? null : charset;
            }

            @Override
            public Map<String, List<String>> parameters() {
                return new LinkedHashMap<>();
            }

            @Override
            public byte[] body() {
                return body;
            }

            @Override
            public SocketAddress remoteAddress() {
                return new InetSocketAddress(0);
            }
        };
    }
}

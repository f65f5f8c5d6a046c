package org.millrace.source.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flume.source.SyslogParser;
import org.apache.flume.source.SyslogUtils;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;

/**
 * Flume 1.11's own syslog parsing (SyslogUtils for syslogtcp and syslogudp, SyslogParser for multiport_syslogtcp)
 * and Millrace's read the same random messages: RFC 3164 and RFC 5424 in their variants, bad priorities, missing
 * fields, lines longer than eventSize, every keepFields setting, a custom format. Headers and body must be equal.
 */
class FlumeSyslogEquivalenceTest {
    private final Random random = new Random(11);

    /** An event as both sides see it. */
    private record Seen(Map<String, String> headers, String body) {
    }

    private static Seen seen(org.apache.flume.Event e) {
        return new Seen(new HashMap<>(e.getHeaders()), HexFormat.of().formatHex(e.getBody()));
    }

    private static Seen seen(Event e) {
        return new Seen(new HashMap<>(e.headers()), HexFormat.of().formatHex(e.body()));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** A syslog line (no newline) in one of the shapes senders produce, or a damaged one. */
    private String message() {
        LocalDateTime when = LocalDateTime.now().minusHours(random.nextInt(24 * 20)).minusSeconds(random.nextInt(60));
        String pri = pick("<13>", "<34>", "<0>", "<191>", "<999>", "<1x>", "<>", "", "<1234>");
        String host = pick("web-1", "db.example.com", "10.0.0.7", "-", "host@x");
        String text = pick("hello world", "su: 'su root' failed for lonvick on /dev/pts/8", "ünïcödé ✓", "",
                "x".repeat(40), "a  b\tc");
        return switch (random.nextInt(6)) {
            case 0, 1 -> pri + when.format(DateTimeFormatter.ofPattern(pick("MMM dd HH:mm:ss", "MMM d HH:mm:ss"),
                    Locale.ENGLISH)).replaceFirst("^(\\w{3}) (\\d) ", "$1  $2 ") + " " + host + " " + text;
            case 2, 3 -> pri + pick("1 ", "") + pick(when.toString().substring(0, 19),
                    when.toString().substring(0, 19) + ".003", when.toString().substring(0, 19) + ".123456Z",
                    when.toString().substring(0, 19) + "+02:00", when.toString().substring(0, 19) + ".5-07:30",
                    when.toString().substring(0, 19) + "Z", "-") + " " + host + " " + pick("app 42 - - ", "")
                    + text;
            case 4 -> pri + text;
            default -> pick("no priority at all", "  <13>leading spaces", "<13>" + "y".repeat(random.nextInt(60)));
        };
    }

    private List<Seen> flume(String stream, int eventSize, String keep, Map<String, String> format) {
        SyslogUtils utils = new SyslogUtils(eventSize, SyslogUtils.chooseFieldsToKeep(keep), false,
                Clock.systemDefaultZone());
        utils.addFormats(format);
        ByteBuf in = Unpooled.wrappedBuffer(stream.getBytes(StandardCharsets.UTF_8));
        List<Seen> out = new ArrayList<>();
        while (in.isReadable()) {
            org.apache.flume.Event e = utils.extractEvent(in);
            if (e != null) {
                out.add(seen(e));
            }
        }
        return out;
    }

    private List<Seen> millrace(String stream, int eventSize, String keep, Map<String, String> format) {
        SyslogFormats formats = new SyslogFormats(format, KeepFields.of(keep), Clock.systemDefaultZone());
        SyslogStreamDecoder decoder = new SyslogStreamDecoder(eventSize, true);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<Seen> out = new ArrayList<>();
        int from = 0;
        while (from < bytes.length) { // arrives in pieces, as TCP reads it
            int to = Math.min(bytes.length, from + 1 + random.nextInt(40));
            ByteBuf in = Unpooled.wrappedBuffer(bytes, from, to - from);
            for (SyslogMessage m = decoder.next(in); m != null; m = decoder.next(in)) {
                out.add(seen(formats.event(m)));
            }
            from = to;
        }
        return out;
    }

    /**
     * Flume's SyslogUtils keeps priority and version from the message before when a message matches no format;
     * Millrace does not: those stale headers are left out of the comparison.
     */
    private static List<Seen> withoutStale(List<Seen> flume, List<Seen> millrace) {
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < flume.size(); i++) {
            Seen f = flume.get(i);
            Map<String, String> headers = new HashMap<>(f.headers());
            if (i < millrace.size() && !f.headers().containsKey("host") && !f.headers().containsKey("timestamp")) {
                for (String stale : List.of("priority", "version")) {
                    if (!millrace.get(i).headers().containsKey(stale)) {
                        headers.remove(stale);
                    }
                }
            }
            out.add(new Seen(headers, f.body()));
        }
        return out;
    }

    @Test
    void syslogTcpMakesTheEventsFlumesSyslogUtilsMakes() {
        for (int round = 0; round < 2000; round++) {
            StringBuilder stream = new StringBuilder();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                stream.append(message()).append('\n');
                if (random.nextInt(5) == 0) {
                    stream.append('\n');
                }
            }
            int eventSize = random.nextBoolean() ? 2500 : 10 + random.nextInt(60);
            String keep = pick("none", "all", "true", "false", "hostname", "timestamp priority", "version hostname");
            Map<String, String> format = random.nextInt(8) == 0
                    ? Map.of("regex", "<(\\d+)>(\\d)? ?(\\d{2}/\\d{2}) (\\S+) (.*)", "dateFormat", "MM/dd")
                    : Map.of();
            List<Seen> expected = flume(stream.toString(), eventSize, keep, format);
            List<Seen> actual = millrace(stream.toString(), eventSize, keep, format);
            assertEquals(withoutStale(expected, actual), actual, "round " + round + ", eventSize " + eventSize
                    + ", keepFields " + keep + ": " + stream);
        }
    }

    @Test
    void syslogUdpMakesTheEventFlumeMakesOfADatagram() {
        for (int round = 0; round < 500; round++) {
            String datagram = message();
            SyslogUtils utils = new SyslogUtils(SyslogUtils.DEFAULT_SIZE, null, true);
            utils.setEventSize(1 << 16);
            List<SyslogMessage> messages = SyslogStreamDecoder.whole(Unpooled.wrappedBuffer(
                    datagram.getBytes(StandardCharsets.UTF_8)), 1 << 16, true);
            Seen expected;
            try {
                expected = seen(utils.extractEvent(Unpooled.wrappedBuffer(datagram.getBytes(StandardCharsets.UTF_8))));
            } catch (NumberFormatException e) {
                // Flume fails on an empty datagram or a lone "<"; Millrace skips the first, keeps the second
                assertEquals(datagram.isEmpty() ? List.of() : List.of(true), messages.stream()
                        .map(SyslogMessage::invalid).toList(), "round " + round + ": " + datagram);
                continue;
            }
            Seen actual = seen(new SyslogFormats(Map.of(), KeepFields.NONE, Clock.systemDefaultZone())
                    .event(messages.get(0)));
            assertEquals(expected, actual, "round " + round + ": " + datagram);
        }
    }

    @Test
    void multiportMakesTheEventsFlumesSyslogParserMakes() {
        SyslogParser flume = new SyslogParser();
        for (int round = 0; round < 2000; round++) {
            String line = message();
            String keep = pick("none", "all", "hostname", "timestamp priority version");
            Set<String> flumeKeep = SyslogUtils.chooseFieldsToKeep(keep);
            MultiportParser millrace = new MultiportParser(KeepFields.of(keep), System::currentTimeMillis);
            org.apache.flume.Event expected;
            try {
                expected = flume.parseMessage(line, StandardCharsets.UTF_8, flumeKeep);
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                assertThrows(IllegalArgumentException.class, () -> millrace.parse(line, StandardCharsets.UTF_8),
                        "round " + round + ": Flume refuses " + line);
                continue;
            }
            Seen actual = seen(millrace.parse(line, StandardCharsets.UTF_8));
            Seen wanted = seen(expected);
            if (line.matches("<\\d+>(1 )?- .*")) { // a '-' stamp is the time of reading: not comparable
                wanted.headers().remove("timestamp");
                actual.headers().remove("timestamp");
            }
            assertEquals(wanted, actual, "round " + round + ", keepFields " + keep + ": " + line);
        }
    }

    @Test
    void timestampsAreReadInTheZoneFlumeReadsThem() {
        assertEquals(ZoneId.systemDefault(), Clock.systemDefaultZone().getZone());
        String line = "<13>2026-03-01T10:00:00Z host message";
        SyslogMessage m = SyslogStreamDecoder.whole(Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.UTF_8)),
                2500, true).get(0);
        long expected = LocalDateTime.of(2026, 3, 1, 10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertEquals(String.valueOf(expected), new SyslogFormats(Map.of(), KeepFields.NONE,
                Clock.systemDefaultZone()).event(m).header("timestamp"));
    }
}

package org.millrace.source.syslog.internal;

import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.millrace.api.Event;

/**
 * How Flume's multiport_syslogtcp source parses a line (its SyslogParser, not the one of syslogtcp): headers
 * {@code Priority}, {@code Facility}, {@code Severity}, {@code Version} (only for version 1), {@code timestamp}
 * (UTC; an RFC 3164 date without a year in the year that puts it at most a month ahead, 0 if it does not parse;
 * {@code -} is now) and {@code host}; the rest of the line is the body. A line this cannot read throws
 * {@link IllegalArgumentException}, and the source keeps it as an {@code Invalid} event. Not thread-safe.
 */
final class MultiportParser {
    private static final int RFC3164_LENGTH = 15;
    private static final int RFC5424_PREFIX = 19;
    private static final DateTimeFormatter RFC5424_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter RFC3164_DATE = new DateTimeFormatterBuilder()
            .appendPattern("MMM d HH:mm:ss").parseDefaulting(ChronoField.YEAR, 2000).toFormatter(Locale.ENGLISH);
    private static final int CACHE_SIZE = 1000;

    private final KeepFields keep;
    private final LongSupplier clock;
    /** Seconds of RFC 5424 timestamps already parsed, as Flume caches them. */
    private final Map<String, Long> seconds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    MultiportParser(KeepFields keep, LongSupplier clock) {
        this.keep = keep;
        this.clock = clock;
    }

    /**
     * The event of a line (without its newline), its body and headers in {@code charset}, with {@code more}
     * headers (names and values alternating) added.
     *
     * @throws IllegalArgumentException if the line is not a syslog message this parser reads
     */
    Event parse(String msg, Charset charset, String... more) {
        List<String> headers = new ArrayList<>(16);
        int length = msg.length();
        if (length == 0 || msg.charAt(0) != '<') {
            throw new IllegalArgumentException("Bad format: invalid priority: cannot find open bracket '<'");
        }
        int close = msg.indexOf('>');
        if (close <= 0 || close > 6) {
            throw new IllegalArgumentException("Bad format: invalid priority: cannot find end bracket '>'");
        }
        String priority = msg.substring(1, close);
        int pri = Integer.parseInt(priority);
        headers.addAll(List.of("Priority", priority, "Facility", String.valueOf(pri / 8), "Severity",
                String.valueOf(pri % 8)));
        if (length <= close + 1) {
            throw new IllegalArgumentException("Bad format: no data except priority");
        }
        int pos = close + 1;
        String version = null;
        if (length > pos + 2 && msg.startsWith("1 ", pos)) {
            version = "1";
            headers.addAll(List.of("Version", version));
            pos += 2;
        }
        char first = msg.charAt(pos);
        String timestampText;
        long timestamp;
        if (first == '-') {
            timestampText = "-";
            timestamp = clock.getAsLong();
            if (length <= pos + 2) {
                throw new IllegalArgumentException("bad syslog format (missing hostname)");
            }
            pos += 2;
        } else if (first >= 'A' && first <= 'Z') {
            if (length <= pos + RFC3164_LENGTH) {
                throw new IllegalArgumentException("bad timestamp format");
            }
            timestampText = msg.substring(pos, pos + RFC3164_LENGTH);
            timestamp = rfc3164(timestampText);
            pos += RFC3164_LENGTH + 1;
        } else {
            int space = msg.indexOf(' ', pos);
            if (space == -1) {
                throw new IllegalArgumentException("bad timestamp format");
            }
            timestampText = msg.substring(pos, space);
            timestamp = rfc5424(timestampText);
            pos = space + 1;
        }
        headers.addAll(List.of("timestamp", String.valueOf(timestamp)));
        int space = msg.indexOf(' ', pos);
        if (space == -1) {
            throw new IllegalArgumentException("bad syslog format (missing hostname)");
        }
        String host = msg.substring(pos, space);
        headers.addAll(List.of("host", host));
        String body = length > space + 1 && !keep.all()
                ? keep.body(msg.substring(space + 1), priority, version, timestampText, host) : msg;
        headers.addAll(List.of(more));
        return Event.withHeaders(body.getBytes(charset), headers.toArray(String[]::new));
    }

    /** Epoch milliseconds of {@code 2026-12-01T10:00:00[.fraction](Z|+hh:mm|-hh:mm)}, as Flume reads it. */
    private long rfc5424(String text) {
        int length = text.length();
        if (length <= RFC5424_PREFIX) {
            throw new IllegalArgumentException("Bad format: Not a valid RFC5424 timestamp: " + text);
        }
        long ts = seconds.computeIfAbsent(text.substring(0, RFC5424_PREFIX), prefix -> {
            try {
                return LocalDateTime.parse(prefix, RFC5424_SECONDS).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bad timestamp format", e);
            }
        });
        int pos = RFC5424_PREFIX;
        if (text.charAt(pos) == '.') {
            int end = pos + 1;
            if (length <= end) {
                throw new IllegalArgumentException("bad timestamp format (no TZ)");
            }
            while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            int digits = end - (pos + 1);
            if (digits == 0 || end == length) {
                throw new IllegalArgumentException("Bad format: Invalid timestamp (fractional portion): " + text);
            }
            long fraction = Long.parseLong(text.substring(pos + 1, end));
            ts += digits > 3 ? (long) (fraction / Math.pow(10, digits - 3)) : fraction * (long) Math.pow(10,
                    3 - digits);
            pos = end;
        }
        char zone = text.charAt(pos);
        if (zone == '+' || zone == '-') {
            if (length <= pos + 5 || !text.substring(pos + 1, pos + 6).matches("\\d\\d:\\d\\d")) {
                throw new IllegalArgumentException("Bad format: Invalid timezone: " + text);
            }
            int minutes = Integer.parseInt(text.substring(pos + 1, pos + 3)) * 60
                    + Integer.parseInt(text.substring(pos + 4, pos + 6));
            ts -= (zone == '+' ? 1 : -1) * minutes * 60_000L;
        }
        return ts;
    }

    /**
     * Epoch milliseconds (UTC) of {@code Mmm dd HH:mm:ss} in the year that puts it at most 11 months back or 1 month
     * ahead; 0 if unreadable. (Flume means this window but moves dates older than a month to the year 2001.)
     */
    private long rfc3164(String text) {
        LocalDateTime date;
        try {
            date = LocalDateTime.parse(text.replaceFirst("  ", " "), RFC3164_DATE);
        } catch (DateTimeParseException e) {
            return 0;
        }
        ZonedDateTime now = java.time.Instant.ofEpochMilli(clock.getAsLong()).atZone(ZoneOffset.UTC);
        ZonedDateTime fixed = date.withYear(now.getYear()).atZone(ZoneOffset.UTC);
        if (fixed.isAfter(now) && fixed.minusMonths(1).isAfter(now)) {
            fixed = fixed.minusYears(1);
        } else if (fixed.isBefore(now) && fixed.plusMonths(11).isBefore(now)) {
            fixed = fixed.plusYears(1);
        }
        return fixed.toInstant().toEpochMilli();
    }
}

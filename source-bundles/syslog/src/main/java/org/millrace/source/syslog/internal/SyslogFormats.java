package org.millrace.source.syslog.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.api.Event;

/**
 * How Flume's syslogtcp and syslogudp sources turn a message into an event: the message is matched against a
 * custom {@code format.regex} if one is set, then RFC 5424, then RFC 3164; the first that matches gives the
 * {@code priority}, {@code version}, {@code timestamp} (parsed as Flume's date formats parse it, in this JVM's time
 * zone, the year of an RFC 3164 date guessed within a window of 11 months back and 1 ahead) and {@code host}
 * headers and the body. {@code Facility}, {@code Severity} and {@code flume.syslog.status} ({@code Invalid},
 * {@code Incomplete}) come from the framing. Text is read as UTF-8. Unlike Flume, nothing carries over from one
 * message to the next. Not thread-safe (its date formats are not): one per connection, or per UDP socket.
 */
final class SyslogFormats {
    static final String FACILITY = "Facility";
    static final String SEVERITY = "Severity";
    static final String STATUS = "flume.syslog.status";
    static final String INVALID = "Invalid";
    static final String INCOMPLETE = "Incomplete";

    private static final String RFC5424 = "(?:\\<(\\d{1,3})\\>)(?:(\\d?)\\s?)"
            + "(?:(\\d{4}[-]\\d{2}[-]\\d{2}[T]\\d{2}[:]\\d{2}[:]\\d{2}(?:\\.\\d{1,6})?(?:[+-]\\d{2}[:]\\d{2}|Z)?)|-)"
            + "\\s(?:([\\w][\\w\\d\\.@\\-]*)|-)\\s(.*)$";
    private static final String RFC3164 = "(?:\\<(\\d{1,3})\\>)(?:(\\d)?\\s?)"
            + "([A-Z][a-z][a-z]\\s{1,2}\\d{1,2}\\s\\d{2}[:]\\d{2}[:]\\d{2})\\s([\\w][\\w\\d\\.@-]*)\\s(.*)$";
    private static final int PRIORITY = 1;
    private static final int VERSION = 2;
    private static final int TIMESTAMP = 3;
    private static final int HOST = 4;
    private static final int BODY = 5;

    /** A way of reading a message: its pattern, the rewrites of its timestamp, the date formats tried on it. */
    private record Format(Pattern pattern, List<String[]> rewrites, List<SimpleDateFormat> dates, boolean addYear,
            boolean rfc5424) {
    }

    private final List<Format> formats = new ArrayList<>();
    private final KeepFields keep;
    private final Clock clock;
    private String lastTimestampKey;
    private String lastTimestamp;
    private long lastTimestampMillis;

    /**
     * @param custom Flume's {@code format.*} keys without the prefix: regex, search, replace, dateFormat
     */
    SyslogFormats(Map<String, String> custom, KeepFields keep, Clock clock) {
        this.keep = keep;
        this.clock = clock;
        if (custom.containsKey("regex")) {
            List<String[]> rewrites = new ArrayList<>();
            if (custom.containsKey("search")) {
                rewrites.add(new String[] {custom.get("search"), custom.getOrDefault("replace", "")});
            }
            List<SimpleDateFormat> dates = new ArrayList<>();
            if (custom.containsKey("dateFormat")) {
                dates.add(new SimpleDateFormat(custom.get("dateFormat")));
            }
            formats.add(new Format(Pattern.compile(custom.get("regex")), rewrites, dates, false, false));
        }
        formats.add(new Format(Pattern.compile(RFC5424), List.of(
                new String[] {"Z", "+0000"}, // UTC as an offset SimpleDateFormat reads
                new String[] {"([+-])(\\d{2})[:](\\d{2})", "$1$2$3"}, // +hh:mm as +hhmm
                new String[] {"(T\\d{2}:\\d{2}:\\d{2}\\.\\d{3})(\\d*)", "$1"}), // at most milliseconds
                List.of(date("yyyy-MM-dd'T'HH:mm:ss.S"), date("yyyy-MM-dd'T'HH:mm:ss.SZ"),
                        date("yyyy-MM-dd'T'HH:mm:ssZ"), date("yyyy-MM-dd'T'HH:mm:ss")), false, true));
        formats.add(new Format(Pattern.compile(RFC3164), List.<String[]>of(new String[] {"  ", " "}),
                List.of(date("yyyyMMM d HH:mm:ss")), true, false));
    }

    /** Whether a custom format's settings are valid; the reason if not, else null. */
    static String checkCustom(Map<String, String> custom) {
        try {
            if (custom.containsKey("regex")) {
                Pattern.compile(custom.get("regex"));
            }
            if (custom.containsKey("search")) {
                Pattern.compile(custom.get("search"));
            }
            if (custom.containsKey("dateFormat")) {
                new SimpleDateFormat(custom.get("dateFormat"));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static SimpleDateFormat date(String pattern) {
        return new SimpleDateFormat(pattern, Locale.ENGLISH);
    }

    /** The event of a framed message, with {@code more} headers (names and values alternating) added. */
    Event event(SyslogMessage message, String... more) {
        String priority = null;
        String version = null;
        String timestamp = null;
        String host = null;
        String body = null;
        int facility = 0;
        int severity = 0;
        if (!message.invalid()) {
            int pri = Integer.parseInt(message.priority());
            severity = pri % 8;
            facility = pri / 8;
            String text = new String(message.bytes(), StandardCharsets.UTF_8);
            boolean mayBe5424 = mayBe5424(text);
            for (Format format : formats) {
                if (format.rfc5424() && !mayBe5424) {
                    continue; // it would not match: the result is the same, sooner
                }
                Matcher m = format.pattern().matcher(text);
                if (!m.matches()) {
                    continue;
                }
                String rawTimestamp = null;
                for (int group = 1; group <= m.groupCount(); group++) {
                    String value = m.group(group);
                    switch (group) {
                        case PRIORITY -> priority = value;
                        case VERSION -> version = value;
                        case TIMESTAMP -> {
                            rawTimestamp = value;
                            timestamp = value == null ? null : timestamp(format, value);
                        }
                        case HOST -> host = value;
                        case BODY -> body = keep.body(value, priority, version, rawTimestamp, host);
                        default -> {
                            // a custom pattern's further groups mean nothing here
                        }
                    }
                }
                break;
            }
        }
        List<String> headers = new ArrayList<>(14);
        add(headers, FACILITY, String.valueOf(facility));
        add(headers, SEVERITY, String.valueOf(severity));
        add(headers, "priority", priority);
        add(headers, "version", version);
        add(headers, "timestamp", timestamp);
        add(headers, "host", host);
        if (message.invalid()) {
            add(headers, STATUS, INVALID);
        } else if (message.incomplete()) {
            add(headers, STATUS, INCOMPLETE);
        }
        headers.addAll(List.of(more));
        byte[] bytes = keep.all() || body == null || body.isEmpty() ? message.bytes()
                : body.getBytes(StandardCharsets.UTF_8);
        return Event.withHeaders(bytes, headers.toArray(String[]::new));
    }

    /**
     * Whether the RFC 5424 pattern can match: after {@code <PRI>}, an optional digit and white space, its timestamp
     * starts with a digit or {@code -}; an RFC 3164 date starts with a capital letter.
     */
    private static boolean mayBe5424(String text) {
        int i = text.indexOf('>') + 1;
        if (i > 0 && i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i > 0 && i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i <= 0 || i >= text.length() || !(text.charAt(i) >= 'A' && text.charAt(i) <= 'Z');
    }

    private static void add(List<String> headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.add(name);
            headers.add(value);
        }
    }

    /** Epoch milliseconds of a timestamp, as Flume parses it; null if no date format reads it. */
    private String timestamp(Format format, String value) {
        String key = formats.indexOf(format) + value;
        long now = clock.millis();
        if (key.equals(lastTimestampKey) && now - lastTimestampMillis < 1000) {
            return lastTimestamp; // messages of one second share their timestamp
        }
        String rewritten = value;
        for (String[] rewrite : format.rewrites()) {
            rewritten = rewritten.replaceAll(rewrite[0], rewrite[1]);
        }
        if (format.addYear()) {
            rewritten = clock.instant().atOffset(ZoneOffset.UTC).get(ChronoField.YEAR) + rewritten;
        }
        String result = null;
        for (SimpleDateFormat date : format.dates()) {
            try {
                Date parsed = date.parse(rewritten);
                if (format.addYear()) {
                    parsed = nearestYear(parsed, now);
                }
                result = String.valueOf(parsed.getTime());
                break;
            } catch (ParseException e) {
                // try the next format
            }
        }
        lastTimestampKey = key;
        lastTimestamp = result;
        lastTimestampMillis = now;
        return result;
    }

    /** A date given without its year, moved to the year that puts it at most 11 months back or 1 month ahead. */
    private static Date nearestYear(Date parsed, long now) {
        Calendar date = Calendar.getInstance();
        date.setTime(parsed);
        Calendar monthBefore = (Calendar) date.clone();
        monthBefore.add(Calendar.MONTH, -1);
        Calendar elevenMonthsAfter = (Calendar) date.clone();
        elevenMonthsAfter.add(Calendar.MONTH, 11);
        if (date.getTimeInMillis() > now && monthBefore.getTimeInMillis() > now) {
            date.add(Calendar.YEAR, -1);
        } else if (date.getTimeInMillis() < now && elevenMonthsAfter.getTimeInMillis() < now) {
            date.add(Calendar.YEAR, 1);
        }
        return date.getTime();
    }
}

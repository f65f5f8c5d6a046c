package org.millrace.sink.hdfs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.api.Event;

/**
 * Flume's {@code BucketPath} escapes in {@code hdfs.path} and {@code hdfs.filePrefix}: {@code %{header}},
 * {@code %[localhost]}, {@code %[IP]}, {@code %[FQDN]}, {@code %%} and the time escapes ({@code %Y %m %d %H …},
 * {@code %t}, {@code %s}), formatted as Flume formats them (its {@code SimpleDateFormat} patterns, default
 * locale) from the event's {@code timestamp} header, or the local clock with {@code useLocalTimeStamp}, rounded
 * down as {@code hdfs.round} says. Parsed once; a time escape's text is kept for the second it was made for, so
 * events of the same second do not format dates again. Not thread-safe: one sink thread uses it.
 */
final class PathEscapes {
    private static final Pattern TAG = Pattern.compile("%(\\w|%)|%\\{([\\w\\.-]+)\\}|%\\[(\\w+)\\]");

    /** How time escapes are computed: Flume's timeZone, round/roundUnit/roundValue and useLocalTimeStamp. */
    record Time(TimeZone zone, int roundField, int roundValue, boolean localClock, LongSupplier clock) {
        /** The field Flume rounds down to, or 0 for none. */
        static int roundField(boolean round, String unit) {
            if (!round) {
                return 0;
            }
            return switch (unit.toLowerCase(java.util.Locale.ROOT)) {
                case "hour" -> Calendar.HOUR_OF_DAY;
                case "minute" -> Calendar.MINUTE;
                default -> Calendar.SECOND;
            };
        }
    }

    private final String template;
    private final List<Object> parts = new ArrayList<>();
    private final Time time;
    private final boolean constant;
    private long roundedSecond = Long.MIN_VALUE;
    private long rounded;

    /**
     * @throws IllegalArgumentException naming the escape, if {@code %[…]} names neither localhost, IP nor FQDN
     */
    PathEscapes(String template, Time time) {
        this.template = template;
        this.time = time;
        Matcher m = TAG.matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(template.substring(at, m.start()));
            }
            if (m.group(2) != null) {
                parts.add(new Header(m.group(2)));
            } else if (m.group(3) != null) {
                parts.add(host(m.group(3)));
            } else if (m.group(1).equals("%")) {
                parts.add("%");
            } else {
                parts.add(new Stamp(m.group(1).charAt(0), time.zone()));
            }
            at = m.end();
        }
        if (at < template.length()) {
            parts.add(template.substring(at));
        }
        constant = parts.stream().allMatch(String.class::isInstance);
    }

    /** Whether the result does not depend on the event (no header or time escape). */
    boolean constant() {
        return constant;
    }

    /**
     * The template with the event's values.
     *
     * @throws IllegalArgumentException if a time escape is used and the event has no numeric timestamp header
     */
    String expand(Event event) {
        if (constant) {
            return parts.isEmpty() ? "" : (String) parts.get(0);
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        long ts = Long.MIN_VALUE;
        long down = 0;
        String stampText = null;
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else if (part instanceof Header h) {
                String value = event.header(h.name());
                out.append(value == null ? "" : value);
            } else {
                Stamp stamp = (Stamp) part;
                if (ts == Long.MIN_VALUE) {
                    stampText = time.localClock() ? null : event.header("timestamp");
                    ts = timestamp(stampText);
                    down = rounded(ts);
                }
                out.append(stamp.format(ts, down, stampText));
            }
        }
        return out.toString();
    }

    /** The time rounded as configured; the same for every millisecond of a second, so kept per second. */
    private long rounded(long ts) {
        if (time.roundField() == 0) {
            return ts;
        }
        long second = Math.floorDiv(ts, 1000);
        if (second != roundedSecond) {
            rounded = roundDown(ts, time);
            roundedSecond = second;
        }
        return rounded;
    }

    private long timestamp(String header) {
        if (time.localClock()) {
            return time.clock().getAsLong();
        }
        if (header == null) {
            throw new IllegalArgumentException("the event has no timestamp header, which " + template
                    + " needs for its time escapes: add one (e.g. the timestamp interceptor) or set"
                    + " hdfs.useLocalTimeStamp = true");
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the event's timestamp header '" + header
                    + "' is not milliseconds since 1970, which " + template + " needs for its time escapes");
        }
    }

    private static String host(String name) {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "localhost" -> local.getHostName();
                case "ip" -> local.getHostAddress();
                case "fqdn" -> local.getCanonicalHostName();
                default -> throw new IllegalArgumentException("%[" + name
                        + "] is not an escape: use %[localhost], %[IP] or %[FQDN]");
            };
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("%[" + name + "]: this host's name cannot be resolved: " + e);
        }
    }

    private record Header(String name) {
    }

    /** One time escape, with the text it gave for the last second it formatted. */
    private static final class Stamp {
        private final char escape;
        private final SimpleDateFormat format;
        private long second = Long.MIN_VALUE;
        private String text;

        Stamp(char escape, TimeZone zone) {
            this.escape = escape;
            String pattern = pattern(escape);
            this.format = pattern == null ? null : new SimpleDateFormat(pattern);
            if (format != null) {
                format.setTimeZone(zone == null ? TimeZone.getDefault() : zone);
            }
        }

        String format(long ts, long rounded, String header) {
            if (escape == 't') {
                return header != null ? header : Long.toString(ts); // Flume's %t: the header as given, unrounded
            }
            if (escape == 's') {
                return Long.toString(rounded / 1000);
            }
            if (format == null) {
                return ""; // Flume drops an unknown escape
            }
            long s = Math.floorDiv(rounded, 1000);
            if (s != second) {
                text = format.format(new Date(rounded));
                second = s;
            }
            return text;
        }

        /** Flume's SimpleDateFormat pattern for each escape. */
        private static String pattern(char c) {
            return switch (c) {
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'b' -> "MMM";
                case 'B' -> "MMMM";
                case 'c' -> "EEE MMM d HH:mm:ss yyyy";
                case 'd' -> "dd";
                case 'e' -> "d";
                case 'D' -> "MM/dd/yy";
                case 'H' -> "HH";
                case 'I' -> "hh";
                case 'j' -> "DDD";
                case 'k' -> "H";
                case 'l' -> "h";
                case 'm' -> "MM";
                case 'M' -> "mm";
                case 'n' -> "M";
                case 'p' -> "a";
                case 'S' -> "ss";
                case 'y' -> "yy";
                case 'Y' -> "yyyy";
                case 'z' -> "ZZZ";
                default -> null;
            };
        }
    }

    /** Flume's TimestampRoundDownUtil: the field rounded down to a multiple of roundValue, smaller fields zeroed. */
    static long roundDown(long ts, Time time) {
        Calendar cal = time.zone() == null ? Calendar.getInstance() : Calendar.getInstance(time.zone());
        cal.setTimeInMillis(ts);
        int value = cal.get(time.roundField());
        cal.set(time.roundField(), value - value % time.roundValue());
        switch (time.roundField()) {
            case Calendar.HOUR_OF_DAY:
                cal.set(Calendar.MINUTE, 0);
                // fall through
            case Calendar.MINUTE:
                cal.set(Calendar.SECOND, 0);
                // fall through
            default:
                cal.set(Calendar.MILLISECOND, 0);
        }
        return cal.getTimeInMillis();
    }
}

package org.millrace.source.syslog.internal;

import java.util.Locale;

/**
 * Flume's keepFields: which parsed fields stay in the event body, in front of the message. {@code none} (or
 * {@code false}) keeps only the message, {@code all} (or {@code true}) the whole line as received; otherwise the
 * fields the value names, any of {@code priority version timestamp hostname}.
 */
record KeepFields(boolean all, boolean priority, boolean version, boolean timestamp, boolean hostname) {
    static final KeepFields NONE = new KeepFields(false, false, false, false, false);

    /** Reads the setting as Flume does: case-insensitive, field names found anywhere in the value. */
    static KeepFields of(String value) {
        String v = value.trim().toLowerCase(Locale.ENGLISH);
        if (v.equals("false") || v.equals("none")) {
            return NONE;
        }
        if (v.equals("true") || v.equals("all")) {
            return new KeepFields(true, false, false, false, false);
        }
        return new KeepFields(false, v.contains("priority"), v.contains("version"), v.contains("timestamp"),
                v.contains("hostname"));
    }

    /** The message with the kept fields in front, as Flume writes them (a missing host as {@code null}). */
    String body(String message, String priorityValue, String versionValue, String timestampValue,
            String hostnameValue) {
        String body = message;
        if (hostname) {
            body = hostnameValue + " " + body;
        }
        if (timestamp) {
            body = timestampValue + " " + body;
        }
        if (version && versionValue != null && !versionValue.isEmpty()) {
            body = versionValue + " " + body;
        }
        if (priority) {
            body = "<" + priorityValue + ">" + body;
        }
        return body;
    }
}

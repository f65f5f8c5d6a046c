package org.millrace.source.syslog.internal;

/**
 * A message as framing found it, before parsing: its bytes (priority included), its priority digits (null when
 * invalid), and whether it was malformed (no valid {@code <PRI>}) or cut at the size bound.
 */
record SyslogMessage(byte[] bytes, String priority, boolean invalid, boolean incomplete) {
}

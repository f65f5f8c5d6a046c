package org.millrace.source.syslog.internal;

import io.netty.buffer.ByteBuf;

/** How a TCP syslog source finds its newline-ended messages, keeping one begun across reads. */
interface LineFraming {

    /** Whether no message is begun: the next byte starts one. */
    boolean idle();

    /** Reads bytes until a message is complete; returns it, or null once {@code in} is used up first. */
    SyslogMessage next(ByteBuf in);
}

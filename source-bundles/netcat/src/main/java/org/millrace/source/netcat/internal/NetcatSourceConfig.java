package org.millrace.source.netcat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The netcat source's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace netcat source",
        description = "Flume's netcat source: each line received on a TCP port becomes an event")
public @interface NetcatSourceConfig {

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String bind();

    /** TCP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** Longest line, in characters including the newline. */
    @AttributeDefinition(min = "1", description = "Max line length per event body (in characters, including the"
            + " newline); a longer line is refused with FAILED and the connection closed")
    int max$_$line$_$length() default 512;

    /** Whether to answer OK for each event. */
    @AttributeDefinition(description = "Respond with an \"OK\" for every event received")
    boolean ack$_$every$_$event() default true;

    /** Character set of the input; bodies are stored as UTF-8, as in Flume. */
    @AttributeDefinition(description = "Character set of the received text (ASCII-compatible); bodies are UTF-8")
    String encoding() default "utf-8";
}

package org.millrace.network.guide;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The source's own properties; TLS, ipFilter, max-connections and idle-timeout come from the network toolkit. */
@ObjectClassDefinition(name = "Lines source", description = "Each line received on a TCP port becomes an event")
public @interface LinesSourceConfig {

    /** Where to listen. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String bind();

    /** The port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port to bind to")
    int port();

    /** The longest line, in bytes with its newline; a longer one closes the connection. */
    @AttributeDefinition(min = "2", description = "Longest line in bytes, newline included")
    int maxLineBytes() default 4096;
}

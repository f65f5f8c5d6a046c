package org.millrace.source.netcat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The netcatudp source's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace netcat UDP source",
        description = "Flume's netcatudp source: each line of each UDP datagram becomes an event")
public @interface NetcatUdpSourceConfig {

    /** Host name or address to receive on. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String bind() default "0.0.0.0";

    /** UDP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** A header for the sender's address. */
    @AttributeDefinition(required = false, description = "If set, the header that holds the sender's address"
            + " (/ip:port)")
    String remoteAddressHeader() default "";

    /** The name Flume's code reads for the same header. */
    @AttributeDefinition(required = false, description = "Flume's code name for remoteAddressHeader")
    String remoteAddress() default "";
}

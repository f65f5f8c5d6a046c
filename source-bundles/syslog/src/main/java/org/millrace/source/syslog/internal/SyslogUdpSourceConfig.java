package org.millrace.source.syslog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The syslogudp source's properties: Flume's names and defaults; {@code format.*} as for syslogtcp. */
@ObjectClassDefinition(name = "Millrace syslog UDP source",
        description = "Flume's syslogudp source: RFC 3164 and RFC 5424 messages in UDP datagrams, parsed into"
                + " Flume's headers")
public @interface SyslogUdpSourceConfig {

    /** Host name or address to receive on. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String host() default "0.0.0.0";

    /** UDP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** Which parsed fields stay in the body. */
    @AttributeDefinition(description = "false/none (the message only), true/all (the datagram as received), or any"
            + " of priority, version, timestamp, hostname to keep in front of the message")
    String keepFields() default "false";

    /** A header for the sender's IP address. */
    @AttributeDefinition(required = false, description = "If specified, the IP address of the client will be"
            + " stored in the header of each event using the header name specified here")
    String clientIPHeader() default "";

    /** A header for the sender's host name. */
    @AttributeDefinition(required = false, description = "If specified, the host name of the client will be stored"
            + " in the header of each event using the header name specified here")
    String clientHostnameHeader() default "";
}

package org.millrace.source.syslog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The syslogtcp source's properties: Flume's names and defaults. TLS (ssl, keystore...), ipFilter and
 * max-connections and idle-timeout are the network toolkit's keys; a custom format is {@code format.regex}, {@code format.search},
 * {@code format.replace}, {@code format.dateFormat}.
 */
@ObjectClassDefinition(name = "Millrace syslog TCP source",
        description = "Flume's syslogtcp source: RFC 3164 and RFC 5424 messages over TCP, framed by newlines or by"
                + " octet counting (RFC 6587), parsed into Flume's headers")
public @interface SyslogTcpSourceConfig {

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String host() default "0.0.0.0";

    /** TCP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** The largest message, in bytes; a longer one is cut into Incomplete and Invalid events, as in Flume. */
    @AttributeDefinition(min = "1", description = "Maximum size of a single event line, in bytes (at least 10)")
    int eventSize() default 2500;

    /** Which parsed fields stay in the body. */
    @AttributeDefinition(description = "none (the message only), all (the line as received), or any of priority,"
            + " version, timestamp, hostname to keep in front of the message")
    String keepFields() default "none";

    /** A header for the client's IP address. */
    @AttributeDefinition(required = false, description = "If specified, the IP address of the client will be"
            + " stored in the header of each event using the header name specified here")
    String clientIPHeader() default "";

    /** A header for the client's host name. */
    @AttributeDefinition(required = false, description = "If specified, the host name of the client will be stored"
            + " in the header of each event using the header name specified here")
    String clientHostnameHeader() default "";
}

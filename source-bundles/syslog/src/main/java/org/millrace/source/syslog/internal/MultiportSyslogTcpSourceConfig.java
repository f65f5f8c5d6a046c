package org.millrace.source.syslog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The multiport_syslogtcp source's properties: Flume's names and defaults. Per-port character sets are
 * {@code charset.port.<port>}; TLS, ipFilter, max-connections and idle-timeout are the network toolkit's keys.
 */
@ObjectClassDefinition(name = "Millrace multiport syslog TCP source",
        description = "Flume's multiport_syslogtcp source: syslog over TCP on several ports at once")
public @interface MultiportSyslogTcpSourceConfig {

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "Host name or IP address to bind to")
    String host() default "0.0.0.0";

    /** The ports, separated by spaces. */
    @AttributeDefinition(description = "Space-separated list (one or more) of ports to bind to")
    String ports();

    /** The largest message, in bytes. */
    @AttributeDefinition(min = "1", description = "Maximum size of a single event line, in bytes")
    int eventSize() default 2500;

    /** Which parsed fields stay in the body. */
    @AttributeDefinition(description = "none (the message only), all (the line as received), or any of priority,"
            + " version, timestamp, hostname to keep in front of the message")
    String keepFields() default "none";

    /** A header for the port a message came in on. */
    @AttributeDefinition(required = false, description = "If specified, the port number will be stored in the"
            + " header of each event using the header name specified here")
    String portHeader() default "";

    /** A header for the client's IP address. */
    @AttributeDefinition(required = false, description = "If specified, the IP address of the client will be"
            + " stored in the header of each event using the header name specified here")
    String clientIPHeader() default "";

    /** A header for the client's host name. */
    @AttributeDefinition(required = false, description = "If specified, the host name of the client will be stored"
            + " in the header of each event using the header name specified here")
    String clientHostnameHeader() default "";

    /** The character set of ports without their own. */
    @AttributeDefinition(description = "Default character set used while parsing syslog events into strings")
    String charset_default() default "UTF-8";

    /** Events per channel transaction. */
    @AttributeDefinition(min = "1", description = "Maximum number of events to attempt to process per request"
            + " loop")
    int batchSize() default 100;

    /** Accepted for compatibility: Flume's MINA read buffer. */
    @AttributeDefinition(min = "1", description = "Size of Flume's internal Mina read buffer; accepted, and unused:"
            + " Millrace's Netty sizes its reads itself")
    int readBufferBytes() default 1024;

    /** Accepted for compatibility: Flume's MINA processor threads. */
    @AttributeDefinition(min = "1", required = false, description = "Number of processors Flume's Mina uses;"
            + " accepted, and unused: Millrace's sources share the agent's I/O threads")
    int numProcessors() default 1;
}

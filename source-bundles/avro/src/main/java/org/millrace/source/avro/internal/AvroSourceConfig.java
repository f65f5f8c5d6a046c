package org.millrace.source.avro.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The avro source's own properties: Flume's names and defaults, plus Millrace's bounds on a frame's size and a
 * silent peer. TLS, ipFilter, max-connections and idle-timeout are the network toolkit's keys; compression-type and
 * compression-level the Avro RPC library's.
 */
@ObjectClassDefinition(name = "Millrace avro source",
        description = "Flume's avro source: Flume's SDK clients and avro sinks deliver to it; TLS (ssl, keystore...),"
                + " ipFilter/ipFilterRules, max-connections and idle-timeout as every Millrace network source takes them")
public @interface AvroSourceConfig {

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "hostname or IP address to listen on")
    String bind();

    /** TCP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** Threads serving connections (0: one per processor). */
    @AttributeDefinition(min = "0", description = "Maximum number of worker threads to spawn (threads that read,"
            + " decode and commit calls; 0 means one per processor)")
    int threads() default 0;

    /** Largest message a frame may carry (Millrace's bound; Flume's is 10% of the heap). */
    @AttributeDefinition(min = "1024", description = "The largest request accepted, in bytes; larger frames are"
            + " refused and the connection closed")
    int max$_$frame$_$bytes() default 64 * 1024 * 1024;

    /** Seconds a peer may stay silent before its first frame or in the middle of one (Millrace's). */
    @AttributeDefinition(min = "1", description = "Seconds a connection may send nothing before its first frame or"
            + " in the middle of a frame before it is closed")
    int stall$_$timeout() default 30;
}

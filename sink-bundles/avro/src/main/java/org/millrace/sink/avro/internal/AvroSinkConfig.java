package org.millrace.sink.avro.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The avro sink's own properties: Flume's names and defaults. TLS is the network toolkit's keys; compression-type
 * and compression-level the Avro RPC library's.
 */
@ObjectClassDefinition(name = "Millrace avro sink",
        description = "Flume's avro sink: sends batches to the next agent's avro source; TLS (ssl, trust-all-certs,"
                + " truststore...) as every Millrace network sink takes it")
public @interface AvroSinkConfig {

    /** The next hop's host. */
    @AttributeDefinition(description = "The hostname or IP address of the next hop's avro source")
    String hostname();

    /** The next hop's port. */
    @AttributeDefinition(min = "1", max = "65535", description = "The port # of the next hop's avro source")
    int port();

    /** Events per call (and per channel transaction). */
    @AttributeDefinition(min = "1", description = "number of event to batch together for send")
    int batch$_$size() default 100;

    /** Milliseconds for connecting and the first (handshake) call. */
    @AttributeDefinition(min = "1", description = "Amount of time (ms) to allow for the first (handshake) request")
    long connect$_$timeout() default 20000;

    /** Milliseconds for each later call. */
    @AttributeDefinition(min = "1", description = "Amount of time (ms) to allow for requests after the first")
    long request$_$timeout() default 20000;

    /** Seconds after which the connection is replaced (0: never), e.g. to rebalance behind a load balancer. */
    @AttributeDefinition(min = "0", description = "Amount of time (s) before the connection to the next hop is"
            + " reset; 0 means never")
    long reset$_$connection$_$interval() default 0;

    /** I/O threads of its own (0: the I/O threads sinks share). */
    @AttributeDefinition(min = "0", description = "The maximum number of I/O worker threads; 0 means the I/O"
            + " threads sinks share (one per processor)")
    int maxIoWorkers() default 0;
}

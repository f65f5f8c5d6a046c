package org.millrace.sink.avro;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The avro sink's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace avro sink",
        description = "Flume's avro sink: sends batches to the next agent's avro source")
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

    /** none or deflate; must match the next hop's. */
    @AttributeDefinition(description = "This can be \"none\" or \"deflate\"")
    Compression compression$_$type() default Compression.NONE;

    /** zlib level. */
    @AttributeDefinition(min = "0", max = "9", description = "The level of compression to compress event")
    int compression$_$level() default 6;

    /** Whether to use TLS. */
    @AttributeDefinition(description = "Set to true to enable SSL for this AvroSink")
    boolean ssl() default false;

    /** Whether to skip certificate checks. */
    @AttributeDefinition(description = "If true, SSL server certificates for remote servers will not be checked")
    boolean trust$_$all$_$certs() default false;

    /** Trust store path (defaults to javax.net.ssl.trustStore / FLUME_SSL_TRUSTSTORE_PATH, else the JVM's). */
    @AttributeDefinition(required = false, description = "The path to a custom Java truststore file")
    String truststore() default "";

    /** Trust store password. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password for the truststore")
    String truststore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(description = "The type of the Java truststore")
    String truststore$_$type() default "";

    /** Space-separated protocols to exclude (SSLv3 always is). */
    @AttributeDefinition(description = "Space-separated list of SSL/TLS protocols to exclude")
    String exclude$_$protocols() default "SSLv3";

    /** Space-separated protocols to allow. */
    @AttributeDefinition(required = false, description = "Space-separated list of SSL/TLS protocols to include")
    String include$_$protocols() default "";

    /** Space-separated cipher suites to exclude. */
    @AttributeDefinition(required = false, description = "Space-separated list of cipher suites to exclude")
    String exclude$_$cipher$_$suites() default "";

    /** Space-separated cipher suites to allow. */
    @AttributeDefinition(required = false, description = "Space-separated list of cipher suites to include")
    String include$_$cipher$_$suites() default "";

    /** I/O threads (0: two per processor). */
    @AttributeDefinition(min = "0", description = "The maximum number of I/O worker threads; 0 means two per"
            + " processor")
    int maxIoWorkers() default 0;

    /** Compression types. */
    enum Compression {
        /** Plain. */
        NONE,
        /** A zlib stream per direction. */
        DEFLATE
    }
}

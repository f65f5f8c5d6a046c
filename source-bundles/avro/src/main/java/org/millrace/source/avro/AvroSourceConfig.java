package org.millrace.source.avro;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The avro source's properties: Flume's names and defaults, plus Millrace's bound on a frame's size. */
@ObjectClassDefinition(name = "Millrace avro source",
        description = "Flume's avro source: Flume's SDK clients and avro sinks deliver to it")
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

    /** none or deflate; must match the senders'. */
    @AttributeDefinition(description = "This can be \"none\" or \"deflate\"; must match the senders'")
    Compression compression$_$type() default Compression.NONE;

    /** zlib level of this end's stream. */
    @AttributeDefinition(min = "0", max = "9", description = "The deflate level of what this source sends back")
    int compression$_$level() default 6;

    /** Whether connections use TLS. */
    @AttributeDefinition(description = "Set this to true to enable SSL encryption")
    boolean ssl() default false;

    /** Key store path (defaults to javax.net.ssl.keyStore / FLUME_SSL_KEYSTORE_PATH). */
    @AttributeDefinition(required = false, description = "This is the path to a Java keystore file")
    String keystore() default "";

    /** Key store password. */
    @AttributeDefinition(required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "The password for the Java keystore")
    String keystore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(description = "The type of the Java keystore")
    String keystore$_$type() default "";

    /** Space-separated protocols to exclude (SSLv3 always is). */
    @AttributeDefinition(description = "Space-separated list of SSL/TLS protocols to exclude")
    String exclude$_$protocols() default "SSLv3";

    /** Space-separated protocols to allow (all supported if empty). */
    @AttributeDefinition(required = false, description = "Space-separated list of SSL/TLS protocols to include")
    String include$_$protocols() default "";

    /** Space-separated cipher suites to exclude. */
    @AttributeDefinition(required = false, description = "Space-separated list of cipher suites to exclude")
    String exclude$_$cipher$_$suites() default "";

    /** Space-separated cipher suites to allow (all supported if empty). */
    @AttributeDefinition(required = false, description = "Space-separated list of cipher suites to include")
    String include$_$cipher$_$suites() default "";

    /** Whether ipFilterRules apply. */
    @AttributeDefinition(description = "Set this to true to enable ipFiltering for netty")
    boolean ipFilter() default false;

    /** Flume's rules, e.g. allow:ip:127.*,deny:ip:*; the first match decides, no match allows. */
    @AttributeDefinition(required = false, description = "Comma-separated allow|deny:ip|name:<glob> rules")
    String ipFilterRules() default "";

    /** Largest message a frame may carry (Millrace's bound; Flume's is 10% of the heap). */
    @AttributeDefinition(min = "1024", description = "The largest request accepted, in bytes; larger frames are"
            + " refused and the connection closed")
    int max$_$frame$_$bytes() default 64 * 1024 * 1024;

    /** Seconds a peer may stay silent before its first frame or in the middle of one (Millrace's). */
    @AttributeDefinition(min = "1", description = "Seconds a connection may send nothing before its first frame or"
            + " in the middle of a frame before it is closed")
    int stall$_$timeout() default 30;

    /** Compression types. */
    enum Compression {
        /** Plain. */
        NONE,
        /** A zlib stream per direction. */
        DEFLATE
    }
}

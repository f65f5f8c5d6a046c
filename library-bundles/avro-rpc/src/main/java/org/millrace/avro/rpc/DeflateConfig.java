package org.millrace.avro.rpc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's compression of an Avro RPC connection, as the avro source and sink take it; both ends must agree. */
@ObjectClassDefinition(name = "Millrace Avro RPC compression", description = "Deflate under an Avro RPC connection")
public @interface DeflateConfig {

    /** none or deflate. */
    @AttributeDefinition(description = "This can be \"none\" or \"deflate\"; both ends must agree")
    Compression compression$_$type() default Compression.NONE;

    /** zlib level of what this end sends. */
    @AttributeDefinition(min = "0", max = "9", description = "The level of compression of what this end sends")
    int compression$_$level() default 6;

    /** Compression types. */
    enum Compression {
        /** Plain. */
        NONE,
        /** A zlib stream per direction. */
        DEFLATE
    }
}

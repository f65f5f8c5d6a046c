package org.millrace.source.thrift.internal;

import org.millrace.thrift.rpc.ThriftProtocol;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The thrift source's properties: Flume's names and defaults, plus Millrace's bounds on a frame and a silent peer.
 * TLS (ssl, keystore...), ipFilter, max-connections and idle-timeout are the network toolkit's keys.
 */
@ObjectClassDefinition(name = "Millrace thrift source",
        description = "Flume's thrift source: Flume's thrift RPC clients and thrift sinks deliver to it")
public @interface ThriftSourceConfig {

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "hostname or IP address to listen on")
    String bind();

    /** TCP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "Port # to bind to")
    int port();

    /** Threads serving connections (0: one per processor). */
    @AttributeDefinition(min = "0", description = "Maximum number of worker threads (threads that read, decode and"
            + " commit calls; 0 means one per processor)")
    int threads() default 0;

    /** compact (Flume's default) or binary. */
    @AttributeDefinition(description = "The Thrift protocol: compact or binary")
    ThriftProtocol protocol() default ThriftProtocol.COMPACT;

    /** Kerberos: not available in Millrace; set, the configuration is refused. */
    @AttributeDefinition(description = "Set to true to enable kerberos authentication (not available in Millrace)")
    boolean kerberos() default false;

    /** Flume's Kerberos principal (used only with kerberos). */
    @AttributeDefinition(required = false, description = "The kerberos principal used by the Thrift Source to"
            + " authenticate to the kerberos KDC")
    String agent$_$principal() default "";

    /** Flume's Kerberos keytab (used only with kerberos). */
    @AttributeDefinition(required = false, description = "The keytab location used by the Thrift Source in"
            + " combination with the agent-principal")
    String agent$_$keytab() default "";

    /** Largest frame accepted (Millrace's; Thrift's default bound). */
    @AttributeDefinition(min = "1024", description = "The largest call accepted, in bytes; a larger frame is refused"
            + " and the connection closed")
    int max$_$frame$_$bytes() default 16_384_000;

    /** Seconds a peer may stay silent in the middle of a frame (Millrace's). */
    @AttributeDefinition(min = "1", description = "Seconds a connection may send nothing in the middle of a frame"
            + " before it is closed")
    int stall$_$timeout() default 30;
}

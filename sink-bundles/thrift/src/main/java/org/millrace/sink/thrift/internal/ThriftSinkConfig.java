package org.millrace.sink.thrift.internal;

import org.millrace.thrift.rpc.ThriftProtocol;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The thrift sink's properties: Flume's names and defaults. TLS (ssl, truststore...) is the network toolkit's. */
@ObjectClassDefinition(name = "Millrace thrift sink",
        description = "Flume's thrift sink: sends batches to the next hop's thrift source")
public @interface ThriftSinkConfig {

    /** The next hop's host. */
    @AttributeDefinition(description = "The hostname or IP address of the next hop's thrift source")
    String hostname();

    /** The next hop's port. */
    @AttributeDefinition(min = "1", max = "65535", description = "The port # of the next hop's thrift source")
    int port();

    /** Events per call (and per channel transaction). */
    @AttributeDefinition(min = "1", description = "number of event to batch together for send")
    int batch$_$size() default 100;

    /** Milliseconds for connecting. */
    @AttributeDefinition(min = "1", description = "Amount of time (ms) to allow for the first (handshake) request")
    long connect$_$timeout() default 20000;

    /** Milliseconds for each call. */
    @AttributeDefinition(min = "1", description = "Amount of time (ms) to allow for requests after the first")
    long request$_$timeout() default 20000;

    /** Seconds after which the connection is replaced (0: never); the name Flume's code reads. */
    @AttributeDefinition(min = "0", description = "Amount of time (s) before the connection to the next hop is"
            + " reset; 0 means never")
    long reset$_$connection$_$interval() default 0;

    /** The same, under the name Flume's guide gives it for the thrift sink. */
    @AttributeDefinition(min = "0", description = "Same as reset-connection-interval (the name in Flume's guide)")
    long connection$_$reset$_$interval() default 0;

    /** compact (Flume's default) or binary; must match the next hop's. */
    @AttributeDefinition(description = "The Thrift protocol: compact or binary")
    ThriftProtocol protocol() default ThriftProtocol.COMPACT;

    /** Kerberos: not available in Millrace; set, the configuration is refused. */
    @AttributeDefinition(description = "Set to true to enable kerberos authentication (not available in Millrace)")
    boolean kerberos() default false;

    /** Flume's Kerberos settings (used only with kerberos). */
    @AttributeDefinition(required = false, description = "The kerberos principal used by the Thrift Sink")
    String client$_$principal() default "";

    /** Flume's Kerberos settings (used only with kerberos). */
    @AttributeDefinition(required = false, description = "The keytab location used by the Thrift Sink")
    String client$_$keytab() default "";

    /** Flume's Kerberos settings (used only with kerberos). */
    @AttributeDefinition(required = false, description = "The kerberos principal of the Thrift Source")
    String server$_$principal() default "";
}

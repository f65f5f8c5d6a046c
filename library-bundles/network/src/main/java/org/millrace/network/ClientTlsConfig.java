package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's TLS properties of a client (the avro and thrift sinks take these keys). Unset trust store settings fall
 * back to Flume's global ones: {@code javax.net.ssl.trustStore*} system properties, then
 * {@code FLUME_SSL_TRUSTSTORE_*} environment variables, then the JVM's default trust.
 */
@ObjectClassDefinition(name = "Millrace TLS client", description = "TLS of a sink that connects (ssl = true)")
public @interface ClientTlsConfig {

    /** Whether to use TLS. */
    @AttributeDefinition(description = "Set to true to enable SSL for this sink")
    boolean ssl() default false;

    /** Whether to skip certificate checks. */
    @AttributeDefinition(description = "If true, SSL server certificates for remote servers will not be checked")
    boolean trust$_$all$_$certs() default false;

    /** Trust store path. */
    @AttributeDefinition(required = false, description = "The path to a custom Java truststore file (default: the"
            + " javax.net.ssl.trustStore system property, then FLUME_SSL_TRUSTSTORE_PATH, then the JVM's trust)")
    String truststore() default "";

    /** Trust store password. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password for the"
            + " truststore (default: javax.net.ssl.trustStorePassword, then FLUME_SSL_TRUSTSTORE_PASSWORD)")
    String truststore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(required = false, description = "The type of the Java truststore (default:"
            + " javax.net.ssl.trustStoreType, then FLUME_SSL_TRUSTSTORE_TYPE, then JKS)")
    String truststore$_$type() default "";
}

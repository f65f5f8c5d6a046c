package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's TLS properties, as its network sources (avro, thrift, syslog, http) and sinks (avro, thrift) take them: a
 * server reads the key store, a client the trust store; both the protocol and cipher-suite lists. An unset store
 * setting falls back to Flume's global ones: the {@code javax.net.ssl.keyStore*} / {@code trustStore*} system
 * properties, then the {@code FLUME_SSL_KEYSTORE_*} / {@code FLUME_SSL_TRUSTSTORE_*} environment variables.
 */
@ObjectClassDefinition(name = "Millrace TLS", description = "TLS of a network source or sink (ssl = true)")
public @interface TlsConfig {

    /** Whether connections use TLS. */
    @AttributeDefinition(description = "Set this to true to enable SSL encryption")
    boolean ssl() default false;

    /** A server's key store. */
    @AttributeDefinition(required = false, description = "The path to a Java keystore file (servers; default: the"
            + " javax.net.ssl.keyStore system property, then FLUME_SSL_KEYSTORE_PATH)")
    String keystore() default "";

    /** Its password. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password for the Java"
            + " keystore (default: javax.net.ssl.keyStorePassword, then FLUME_SSL_KEYSTORE_PASSWORD)")
    String keystore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(required = false, description = "The type of the Java keystore (default:"
            + " javax.net.ssl.keyStoreType, then FLUME_SSL_KEYSTORE_TYPE, then JKS)")
    String keystore$_$type() default "";

    /** Whether a client skips certificate checks. */
    @AttributeDefinition(description = "If true, SSL server certificates for remote servers will not be checked"
            + " (clients)")
    boolean trust$_$all$_$certs() default false;

    /** A client's trust store. */
    @AttributeDefinition(required = false, description = "The path to a custom Java truststore file (clients;"
            + " default: javax.net.ssl.trustStore, then FLUME_SSL_TRUSTSTORE_PATH, then the JVM's trust)")
    String truststore() default "";

    /** Its password. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password for the"
            + " truststore (default: javax.net.ssl.trustStorePassword, then FLUME_SSL_TRUSTSTORE_PASSWORD)")
    String truststore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(required = false, description = "The type of the Java truststore (default:"
            + " javax.net.ssl.trustStoreType, then FLUME_SSL_TRUSTSTORE_TYPE, then JKS)")
    String truststore$_$type() default "";

    /** Space-separated protocols to exclude (SSLv3 always is). */
    @AttributeDefinition(description = "Space-separated list of SSL/TLS protocols to exclude (SSLv3 always is)")
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
}

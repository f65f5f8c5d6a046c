package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's TLS properties of a server (the avro, thrift, syslog and http sources take these keys). Unset store
 * settings fall back to Flume's global ones: {@code javax.net.ssl.keyStore*} system properties, then
 * {@code FLUME_SSL_KEYSTORE_*} environment variables.
 */
@ObjectClassDefinition(name = "Millrace TLS server", description = "TLS of a source that listens (ssl = true)")
public @interface ServerTlsConfig {

    /** Whether connections use TLS. */
    @AttributeDefinition(description = "Set this to true to enable SSL encryption")
    boolean ssl() default false;

    /** Key store path. */
    @AttributeDefinition(required = false, description = "This is the path to a Java keystore file (default: the"
            + " javax.net.ssl.keyStore system property, then FLUME_SSL_KEYSTORE_PATH)")
    String keystore() default "";

    /** Key store password. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password for the Java"
            + " keystore (default: javax.net.ssl.keyStorePassword, then FLUME_SSL_KEYSTORE_PASSWORD)")
    String keystore$_$password() default "";

    /** JKS or PKCS12. */
    @AttributeDefinition(required = false, description = "The type of the Java keystore (default:"
            + " javax.net.ssl.keyStoreType, then FLUME_SSL_KEYSTORE_TYPE, then JKS)")
    String keystore$_$type() default "";
}

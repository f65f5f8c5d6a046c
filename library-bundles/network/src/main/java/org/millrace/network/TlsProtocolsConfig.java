package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's protocol and cipher-suite choices of a TLS end, shared by servers and clients. */
@ObjectClassDefinition(name = "Millrace TLS protocols",
        description = "Which TLS protocols and cipher suites a connector's TLS end accepts (with ssl = true)")
public @interface TlsProtocolsConfig {

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

package org.millrace.source.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The http source's properties: Flume's names and defaults, plus Millrace's bound on a request. TLS (ssl, keystore,
 * keystore-password...; Flume's older enableSSL, keystorePassword, excludeProtocols too), ipFilter and
 * max-connections and idle-timeout are the network toolkit's keys; the handler's settings are {@code handler.*}. Of Flume's Jetty
 * settings, {@code ServerConnector.idleTimeout} and {@code HttpConfiguration.requestHeaderSize} are honoured, the
 * others accepted and logged as unused.
 */
@ObjectClassDefinition(name = "Millrace HTTP source",
        description = "Flume's http source: events POSTed over HTTP(S); 200 once committed, 400 for a request the"
                + " handler rejects, 413 for one too large, 503 while the channel is full")
public @interface HttpSourceConfig {

    /** TCP port. */
    @AttributeDefinition(min = "0", max = "65535", description = "The port the source should bind to")
    int port();

    /** Host name or address to listen on. */
    @AttributeDefinition(description = "The hostname or IP address to listen on")
    String bind() default "0.0.0.0";

    /** How requests become events: a handler's class name or alias. */
    @AttributeDefinition(description = "The FQCN of the handler class (or an alias: json, blob):"
            + " org.apache.flume.source.http.JSONHandler, org.apache.flume.source.http.BLOBHandler,"
            + " org.apache.flume.sink.solr.morphline.BlobHandler, or one a handler bundle provides")
    String handler() default "org.apache.flume.source.http.JSONHandler";

    /** The largest request body accepted, in bytes. */
    @AttributeDefinition(min = "1", description = "Millrace: the largest request body accepted, in bytes; a larger"
            + " request is answered 413 and counted")
    int maxRequestBytes() default 16 * 1024 * 1024;
}

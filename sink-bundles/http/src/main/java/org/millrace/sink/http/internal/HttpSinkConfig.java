package org.millrace.sink.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The http sink's properties: Flume's names and defaults. Per-status rules are {@code backoff.CODE},
 * {@code rollback.CODE} and {@code incrementMetrics.CODE}, CODE a status (404) or a class (4XX).
 */
@ObjectClassDefinition(name = "Millrace HTTP sink",
        description = "Flume's http sink: POSTs each event's body to an endpoint; the response's status decides"
                + " whether the event is committed, retried and counted")
public @interface HttpSinkConfig {

    /** Where events are POSTed. */
    @AttributeDefinition(description = "The fully qualified URL endpoint to POST to")
    String endpoint();

    /** Milliseconds to connect. */
    @AttributeDefinition(min = "1", description = "The socket connection timeout in milliseconds")
    int connectTimeout() default 5000;

    /** Milliseconds for a response. */
    @AttributeDefinition(min = "1", description = "The maximum request processing time in milliseconds")
    int requestTimeout() default 5000;

    /** The request's Content-Type. */
    @AttributeDefinition(description = "The HTTP Content-Type header")
    String contentTypeHeader() default "text/plain";

    /** The request's Accept. */
    @AttributeDefinition(description = "The HTTP Accept header value")
    String acceptHeader() default "text/plain";

    /** Whether a status without its own rule backs off. */
    @AttributeDefinition(description = "Whether to backoff by default on receiving all HTTP status codes")
    boolean defaultBackoff() default true;

    /** Whether a status without its own rule rolls the event back (Flume's default: yes, even for 200). */
    @AttributeDefinition(description = "Whether to rollback by default on receiving all HTTP status codes; set"
            + " rollback.2XX = false so that success commits")
    boolean defaultRollback() default true;

    /** Whether a status without its own rule counts the event as drained. */
    @AttributeDefinition(description = "Whether to increment metrics by default on receiving all HTTP status codes")
    boolean defaultIncrementMetrics() default false;
}

/**
 * How the http source turns a request into events, for handler bundles (Flume's {@code HTTPSourceHandler}): a
 * bundle registers an {@link org.millrace.source.http.HttpRequestHandlerFactory} service with {@code millrace.type}
 * set to its alias and, for Flume configurations, its handler's class name; {@code a1.sources.r1.handler} names it
 * and {@code handler.*} configures it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.millrace.source.http;

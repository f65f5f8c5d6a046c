/**
 * How a sink writes events into a file or stream (Flume's {@code EventSerializer}): a sink asks
 * {@link org.millrace.serialization.EventSerializers} for the {@link org.millrace.serialization.EventFormat} its
 * configuration names ({@code sink.serializer = avro_event}, {@code serializer.*} keys), then opens an
 * {@link org.millrace.serialization.EventSerializer} over each file. Flume's {@code text},
 * {@code header_and_text} and {@code avro_event} are built in; a bundle adds a format by registering an
 * {@link org.millrace.serialization.EventSerializerFactory} service with {@code millrace.type} set to its alias
 * and, for Flume configurations, its {@code ...$Builder} class name.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.millrace.serialization;

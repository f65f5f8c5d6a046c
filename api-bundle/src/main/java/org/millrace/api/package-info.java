/**
 * The Millrace connector API: what a source, channel, sink, interceptor, channel selector or sink processor
 * bundle implements, and what the platform hands it at run time.
 *
 * <p>A connector bundle registers one factory service per type it provides ({@link SourceFactory},
 * {@link ChannelFactory}, {@link SinkFactory}, {@link InterceptorFactory}, {@link ChannelSelectorFactory},
 * {@link SinkProcessorFactory}) with the service property {@value ConnectorTypes#TYPE} listing its Flume type
 * alias(es), e.g. {@code netcat} and {@code org.apache.flume.source.NetcatSource}. The platform finds it in the
 * service registry whenever an agent configuration names that type.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.millrace.api;

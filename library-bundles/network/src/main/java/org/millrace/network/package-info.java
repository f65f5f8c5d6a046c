/**
 * The network toolkit connectors build on: {@link org.millrace.network.TcpServer},
 * {@link org.millrace.network.TcpClient} and {@link org.millrace.network.UdpServer} on Netty, over
 * {@link org.millrace.network.EventLoops} shared by name; received events committed in batches with back-pressure
 * ({@link org.millrace.network.BatchedDelivery});
 * TLS configured with Flume's properties ({@link org.millrace.network.ServerTls},
 * {@link org.millrace.network.ClientTls}); Flume's {@code ipFilterRules} ({@link org.millrace.network.IpFilter});
 * connection limits and Flume's connection counters; bounded line framing
 * ({@link org.millrace.network.LineDecoder}). Each setting is read from a connector's configuration through a typed
 * config interface here, so every network connector takes the same keys with the same checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.millrace.network;

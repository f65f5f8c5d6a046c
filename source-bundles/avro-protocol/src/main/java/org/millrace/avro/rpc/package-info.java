/**
 * Flume's Avro RPC on the wire, shared by Millrace's avro source and avro sink: the {@code AvroSourceProtocol}
 * (append, appendBatch), Avro IPC's handshake and call encoding, Avro's Netty framing
 * ({@code serial | count | count × (length | bytes)}), and the deflate and TLS layers Flume puts under it.
 * Decoding goes straight from the frame's bytes to Millrace {@link org.millrace.api.Event}s.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.millrace.avro.rpc;

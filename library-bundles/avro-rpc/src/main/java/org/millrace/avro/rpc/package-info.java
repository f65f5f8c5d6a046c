/**
 * Flume's Avro RPC, shared by Millrace's avro source and avro sink: {@link org.millrace.avro.rpc.AvroRpc} puts
 * Flume's {@code AvroSourceProtocol} (append, appendBatch), Avro IPC's handshake and Avro's Netty framing on a
 * connection, for a server ({@link org.millrace.avro.rpc.CallHandler} commits each call) or a client
 * ({@link org.millrace.avro.rpc.AvroRpcConnection} makes calls), with Flume's deflate layer under it. The codec
 * decodes straight from the frame's bytes into Millrace {@link org.millrace.api.Event}s; it stays private.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.millrace.avro.rpc;

/**
 * Flume's Thrift RPC ({@code ThriftSourceProtocol}: {@code append}, {@code appendBatch}, answered with a
 * {@code Status}) over Netty, as Flume's thrift source and sink and its SDK's ThriftRpcClient speak it: framed
 * transport, the compact (Flume's default) or binary protocol. {@link org.millrace.thrift.rpc.ThriftRpc} puts a
 * server or a client on a connection's pipeline.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.millrace.thrift.rpc;

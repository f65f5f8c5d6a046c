package org.millrace.thrift.rpc;

/** Thrift's encodings Flume speaks: its {@code protocol} setting. */
public enum ThriftProtocol {
    /** TCompactProtocol, Flume's default. */
    COMPACT,
    /** TBinaryProtocol. */
    BINARY
}

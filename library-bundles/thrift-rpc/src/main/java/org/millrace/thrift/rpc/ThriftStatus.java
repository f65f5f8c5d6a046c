package org.millrace.thrift.rpc;

/** Flume's thrift {@code Status}, in its order. */
public enum ThriftStatus {
    /** Committed. */
    OK,
    /** Not committed; the sender should retry. */
    FAILED,
    /** The server failed. */
    ERROR,
    /** Unknown. */
    UNKNOWN
}

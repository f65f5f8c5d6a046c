package org.millrace.avro.rpc;

/**
 * One Avro Netty transport frame: the call serial (echoed in the response, so calls may overlap) and the
 * message bytes, already joined from the frame's buffers.
 */
public record Frame(int serial, byte[] payload) {
}

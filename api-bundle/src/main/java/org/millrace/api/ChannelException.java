package org.millrace.api;

/** A channel operation failed; the transaction must be rolled back. */
public class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ChannelException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}

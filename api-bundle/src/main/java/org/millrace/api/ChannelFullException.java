package org.millrace.api;

/**
 * The flow cannot take events right now (a commit found no room within the channel's keep-alive, or the flow is
 * being rewired): nothing was committed, and the sender should back off and retry rather than drop.
 */
public class ChannelFullException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ChannelFullException(String message) {
        super(message);
    }
}

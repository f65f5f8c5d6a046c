package org.millrace.api;

/** A commit found no room in the channel within its keep-alive: the sender should back off and retry. */
public class ChannelFullException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ChannelFullException(String message) {
        super(message);
    }
}

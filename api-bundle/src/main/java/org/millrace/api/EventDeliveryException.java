package org.millrace.api;

/** A sink or pollable source failed to deliver; its transaction was rolled back and the runner backs off. */
public class EventDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public EventDeliveryException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}

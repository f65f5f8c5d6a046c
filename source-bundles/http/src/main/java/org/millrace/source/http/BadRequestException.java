package org.millrace.source.http;

/** A request a handler cannot read: answered 400 with this message, and counted as a read failure. */
public class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A rejection saying why. */
    public BadRequestException(String message) {
        super(message);
    }

    /** A rejection saying why, with what went wrong underneath. */
    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.millrace.serialization;

import java.nio.charset.CodingErrorAction;

/** What reading text does with bytes that are not valid in its character set (Flume's decodeErrorPolicy). */
public enum DecodeErrorPolicy {
    /** Stop: the read fails with a {@link java.nio.charset.CharacterCodingException}. */
    FAIL(CodingErrorAction.REPORT),
    /** Put U+FFFD in their place. */
    REPLACE(CodingErrorAction.REPLACE),
    /** Drop them. */
    IGNORE(CodingErrorAction.IGNORE);

    private final CodingErrorAction action;

    DecodeErrorPolicy(CodingErrorAction action) {
        this.action = action;
    }

    /** The decoder's action for this policy. */
    public CodingErrorAction action() {
        return action;
    }
}

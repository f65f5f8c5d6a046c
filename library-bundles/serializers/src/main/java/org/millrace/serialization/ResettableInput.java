package org.millrace.serialization;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * A file as a deserializer reads it (Flume's {@code ResettableInputStream}): bytes, or characters decoded in the
 * source's input character set under its decode-error policy, from a position that can be marked (the events
 * read so far are committed), returned to (they were not), and that survives a restart.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ResettableInput {

    /** Reads up to {@code length} bytes; -1 at the end. */
    int read(byte[] bytes, int offset, int length) throws IOException;

    /**
     * The next character (a UTF-16 unit: the two halves of a surrogate pair come one after the other), -1 at the
     * end.
     *
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid and the policy is FAIL
     */
    int readChar() throws IOException;

    /** The position of the next byte or character to read. */
    long tell() throws IOException;

    /** Moves to a position; the next character is decoded from there. */
    void seek(long position) throws IOException;

    /** The length of the file as it was when opened; reading stops there. */
    long length() throws IOException;

    /** Records the current position as the point to resume from (a commit). */
    void mark() throws IOException;

    /** Records {@code position} as the point to resume from (for formats whose resumable points are their own). */
    void markPosition(long position) throws IOException;

    /** The point to resume from. */
    long markPosition() throws IOException;

    /** Returns to the point to resume from. */
    void reset() throws IOException;

    /** The character set characters are decoded in. */
    Charset charset();

    /** What decoding does with invalid bytes. */
    DecodeErrorPolicy decodeErrorPolicy();
}

package org.millrace.serialization.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventDeserializer;
import org.millrace.serialization.EventDeserializerFactory;
import org.millrace.serialization.EventInputFormat;
import org.millrace.serialization.ResettableFileInput;
import org.millrace.serialization.ResettableInput;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's {@code LINE} deserializer: an event per line of text, split on {@code \n} (a {@code \r} stays), decoded
 * in the source's input character set and encoded in outputCharset. A line of maxLineLength characters or more is
 * cut into events of maxLineLength characters, the rest of the line following as the next event, exactly as
 * Flume cuts it. Lines are found in the bytes and decoded whole where the character set allows it; otherwise, and
 * for lines about to be cut, character by character as Flume reads them.
 */
@Component(property = {ConnectorTypes.TYPE + "=line",
    ConnectorTypes.TYPE + "=org.apache.flume.serialization.LineDeserializer$Builder"})
public final class LineDeserializerFactory implements EventDeserializerFactory {
    static final List<String> TYPES = List.of("line", "org.apache.flume.serialization.LineDeserializer$Builder");

    /** Flume's properties of the line deserializer. */
    @ObjectClassDefinition(name = "Millrace line deserializer", description = "One event per line of text")
    public @interface Config {
        /** Characters per event; longer lines continue in the next event. */
        @AttributeDefinition(min = "1", description = "Maximum number of characters to include in a single event."
                + " If a line exceeds this length, it is truncated, and the remaining characters on the line will"
                + " appear in a subsequent event")
        int maxLineLength() default 2048;

        /** How bodies are encoded. */
        @AttributeDefinition(description = "Charset to use for encoding events put into the channel")
        String outputCharset() default "UTF-8";
    }

    @Override
    public EventInputFormat create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        Charset output;
        try {
            output = Charset.forName(c.outputCharset());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigurationException(List.of(config.problem("outputCharset",
                    "not a character set this JVM supports")));
        }
        return in -> new Lines(in, c.maxLineLength(), output);
    }

    /** Reads lines of one file. */
    static final class Lines implements EventDeserializer {
        private final ResettableInput in;
        private final ResettableFileInput bytes;
        private final int maxLineLength;
        private final Charset output;
        private final boolean asciiPassesThrough;
        private final CharsetDecoder decoder;
        private CharacterCodingException pending;

        Lines(ResettableInput in, int maxLineLength, Charset output) {
            this.in = in;
            this.bytes = in instanceof ResettableFileInput file && ResettableFileInput.findsLinesInBytes(in.charset())
                    ? file : null;
            this.maxLineLength = maxLineLength;
            this.output = output;
            this.asciiPassesThrough = keepsAscii(in.charset()) && keepsAscii(output);
            this.decoder = in.charset().newDecoder().onMalformedInput(in.decodeErrorPolicy().action())
                    .onUnmappableCharacter(in.decodeErrorPolicy().action());
        }

        @Override
        public List<Event> readEvents(int max) throws IOException {
            if (pending != null) {
                CharacterCodingException e = pending;
                pending = null;
                throw e;
            }
            List<Event> events = new ArrayList<>(Math.min(max, 1024));
            while (events.size() < max) {
                long start = in.tell();
                byte[] line;
                try {
                    line = readLine();
                } catch (CharacterCodingException e) {
                    in.seek(start);
                    if (events.isEmpty()) {
                        throw e;
                    }
                    pending = e;
                    break;
                }
                if (line == null) {
                    break;
                }
                events.add(Event.of(line));
            }
            return events;
        }

        /** The next event's body, or null at the end. */
        private byte[] readLine() throws IOException {
            if (bytes != null) {
                byte[] raw = bytes.readLine(maxLineLength);
                if (raw != null) {
                    if (raw.length == 0) {
                        return null;
                    }
                    int length = raw[raw.length - 1] == '\n' ? raw.length - 1 : raw.length;
                    return encode(raw, length);
                }
            }
            return readLineByCharacter();
        }

        /** A whole line's bytes, shorter than maxLineLength bytes and so characters, in the output charset. */
        private byte[] encode(byte[] raw, int length) throws CharacterCodingException {
            if (asciiPassesThrough && isAscii(raw, length)) {
                return length == raw.length ? raw : java.util.Arrays.copyOf(raw, length);
            }
            decoder.reset();
            return decoder.decode(ByteBuffer.wrap(raw, 0, length)).toString().getBytes(output);
        }

        /** Whether the character set writes each ASCII character as its own single byte. */
        private static boolean keepsAscii(Charset charset) {
            byte[] ascii = new byte[128];
            for (int i = 0; i < ascii.length; i++) {
                ascii[i] = (byte) i;
            }
            return java.util.Arrays.equals(ascii, new String(ascii, java.nio.charset.StandardCharsets.US_ASCII)
                    .getBytes(charset));
        }

        private static boolean isAscii(byte[] raw, int length) {
            for (int i = 0; i < length; i++) {
                if (raw[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        /** Flume's loop: characters until {@code \n}, at most maxLineLength of them (the newline counts). */
        private byte[] readLineByCharacter() throws IOException {
            StringBuilder line = new StringBuilder();
            int read = 0;
            int c;
            while ((c = in.readChar()) != -1) {
                read++;
                if (c == '\n') {
                    break;
                }
                line.append((char) c);
                if (read >= maxLineLength) {
                    break;
                }
            }
            return read > 0 ? line.toString().getBytes(output) : null;
        }

        @Override
        public void mark() throws IOException {
            in.mark();
        }

        @Override
        public void reset() throws IOException {
            pending = null;
            in.reset();
        }
    }
}

package org.millrace.source.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.source.http.BadRequestException;
import org.millrace.source.http.HttpRequestHandler;
import org.millrace.source.http.HttpRequestHandlerFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Flume's JSONHandler: the body is a JSON array of events, {@code [{"headers": {"h": "v"}, "body": "text"}]}, in the
 * request's charset (UTF-8 unless it names UTF-16 or UTF-32); each body is kept in that charset, as in Flume. A
 * scalar header value or body is taken as its text; anything else, or a header named twice, is a bad request.
 */
@Component(property = {ConnectorTypes.TYPE + "=json", ConnectorTypes.TYPE + "=" + JsonHandlerFactory.FLUME_CLASS})
public final class JsonHandlerFactory implements HttpRequestHandlerFactory {
    static final String FLUME_CLASS = "org.apache.flume.source.http.JSONHandler";
    /** Flume's Gson reads leniently: raw control characters, single quotes, bare names and comments pass. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();
    private static final Set<String> CHARSETS = Set.of("UTF-8", "UTF-16", "UTF-32");

    @Override
    public HttpRequestHandler create(ComponentConfig config) {
        return request -> {
            Charset charset;
            try {
                charset = request.charset() == null ? StandardCharsets.UTF_8 : request.charset();
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("Unknown character set in request: " + e.getMessage());
            }
            if (!CHARSETS.contains(charset.name())) {
                throw new BadRequestException("JSON handler supports UTF-8, UTF-16 and UTF-32 only, not " + charset);
            }
            try {
                // UTF-8 is read from the bytes; the others through text
                byte[] body = request.body();
                if (!charset.equals(StandardCharsets.UTF_8)) {
                    return events(JSON.createParser(new String(body, charset)), null, charset);
                }
                List<Event> plain = PlainJsonEvents.read(body);
                if (plain != null) {
                    return plain;
                }
                try {
                    return events(JSON.createParser(body), body, charset);
                } catch (JsonProcessingException e) {
                    // Flume reads through a Reader, which replaces malformed UTF-8: only then is the request bad
                    return events(JSON.createParser(new String(body, charset)), null, charset);
                }
            } catch (JsonProcessingException e) {
                throw new BadRequestException("Request has invalid JSON Syntax: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new BadRequestException("Request cannot be read: " + e.getMessage(), e);
            }
        };
    }

    /** {@code utf8} is the request's bytes when the parser reads them, so a body can be copied from them. */
    private static List<Event> events(JsonParser json, byte[] utf8, Charset charset) throws IOException,
            BadRequestException {
        List<Event> events = new ArrayList<>();
        try (JsonParser parser = json) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequestException("Request has invalid JSON Syntax: expected an array of events");
            }
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BadRequestException("Request has invalid JSON Syntax: an event is not an object");
                }
                List<String> headers = new ArrayList<>();
                byte[] body = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("headers") && value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            String text = scalar(parser, parser.nextToken(), "header " + name);
                            if (named(headers, name)) {
                                throw new BadRequestException("Request has invalid JSON Syntax: header " + name
                                        + " appears twice");
                            }
                            if (text != null) {
                                headers.add(name);
                                headers.add(text);
                            }
                        }
                    } else if (field.equals("headers") && value != JsonToken.VALUE_NULL) {
                        throw new BadRequestException("Request has invalid JSON Syntax: headers is not an object");
                    } else if (field.equals("body")) {
                        body = value == JsonToken.VALUE_STRING && utf8 != null ? utf8String(parser, utf8) : null;
                        if (body == null) {
                            String text = scalar(parser, value, "body");
                            body = text == null ? null : text.getBytes(charset);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                events.add(Event.withHeaders(body == null ? new byte[0] : body,
                        headers.toArray(String[]::new)));
            }
            if (parser.nextToken() != null) {
                throw new BadRequestException("Request has invalid JSON Syntax: content after the array");
            }
        }
        return events;
    }

    private static boolean named(List<String> namesAndValues, String name) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The current string token's UTF-8 bytes copied from the request, or null if it has escapes or is not in double
     * quotes and must be decoded.
     * Jackson has not read the string yet; it skips it, still checking it, on the next token.
     */
    private static byte[] utf8String(JsonParser parser, byte[] utf8) {
        int quote = (int) parser.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= utf8.length || utf8[quote] != '"') {
            return null;
        }
        int start = quote + 1;
        for (int i = start; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '"') {
                return Arrays.copyOfRange(utf8, start, i);
            }
            if (b == '\\') {
                return null;
            }
        }
        return null;
    }

    private static String scalar(JsonParser parser, JsonToken token, String what) throws IOException,
            BadRequestException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getText();
        }
        throw new BadRequestException("Request has invalid JSON Syntax: " + what + " is not a string");
    }
}

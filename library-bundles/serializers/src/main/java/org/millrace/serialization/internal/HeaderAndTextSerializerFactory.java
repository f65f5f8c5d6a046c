package org.millrace.serialization.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializerFactory;
import org.osgi.service.component.annotations.Component;

/** Flume's {@code header_and_text} serializer: {@code {k=v, ...} body}, then a newline unless appendNewline is false. */
@Component(property = {ConnectorTypes.TYPE + "=header_and_text",
    ConnectorTypes.TYPE + "=org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder"})
public final class HeaderAndTextSerializerFactory implements EventSerializerFactory {
    static final List<String> TYPES = List.of("header_and_text",
            "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder");

    @Override
    public EventFormat create(ComponentConfig config) throws ConfigurationException {
        boolean newline = config.as(TextSerializerFactory.Config.class).appendNewline();
        return out -> new TextSerializerFactory.BodyText(out, newline) {
            @Override
            public void write(Event event) throws IOException {
                out.write(((event.hasHeaders() ? event.headers().toString() : "{}") + " ")
                        .getBytes(StandardCharsets.UTF_8));
                super.write(event);
            }
        };
    }
}

package org.millrace.serialization.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializerFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's {@code text} serializer: the body, then a newline unless appendNewline is false. */
@Component(property = {ConnectorTypes.TYPE + "=text",
    ConnectorTypes.TYPE + "=org.apache.flume.serialization.BodyTextEventSerializer$Builder"})
public final class TextSerializerFactory implements EventSerializerFactory {
    static final List<String> TYPES = List.of("text", "org.apache.flume.serialization.BodyTextEventSerializer$Builder");

    /** Flume's properties of the text serializers. */
    @ObjectClassDefinition(name = "Millrace text serializer", description = "The event body as it is")
    public @interface Config {
        /** Whether a newline follows each body. */
        @AttributeDefinition(description = "Whether a newline will be appended to each event at write time")
        boolean appendNewline() default true;
    }

    @Override
    public EventFormat create(ComponentConfig config) throws ConfigurationException {
        boolean newline = config.as(Config.class).appendNewline();
        return out -> new BodyText(out, newline);
    }

    /** Writes bodies, each followed by a newline if asked. */
    static class BodyText implements EventSerializer {
        protected final OutputStream out;
        private final boolean newline;

        BodyText(OutputStream out, boolean newline) {
            this.out = out;
            this.newline = newline;
        }

        @Override
        public void write(Event event) throws IOException {
            out.write(event.body());
            if (newline) {
                out.write('\n');
            }
        }

        @Override
        public void flush() {
            // nothing buffered here
        }

        @Override
        public boolean supportsReopen() {
            return true;
        }
    }
}

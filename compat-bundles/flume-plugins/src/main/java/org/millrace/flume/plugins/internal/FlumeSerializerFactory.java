package org.millrace.flume.plugins.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flume.Context;
import org.apache.flume.serialization.EventSerializer.Builder;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializerFactory;

/**
 * Millrace's factory for one Flume event serializer class (its {@code Builder}), for the sinks that write files
 * ({@code file_roll}, {@code hdfs}): as Flume's {@code EventSerializerFactory}, a new {@code Builder} by its no-arg
 * constructor and {@code build(Context, OutputStream)} for each file, with the serializer's own keys
 * ({@code sink.serializer.*} for file_roll, prefix removed). The builder also builds one over a discarding stream
 * when the flow is planned, so a configuration the serializer refuses is an error then, not at the first file.
 */
final class FlumeSerializerFactory implements EventSerializerFactory {
    private final Class<? extends Builder> builderClass;

    FlumeSerializerFactory(Class<? extends Builder> builderClass) {
        this.builderClass = builderClass;
    }

    @Override
    public EventFormat create(ComponentConfig config) throws ConfigurationException {
        Context context = new Context(config.passThrough(""));
        try {
            build(context, OutputStream.nullOutputStream());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // on the sink's serializer key (its type is the serializer's class), not on a "type" key
            String key = config.key("");
            throw new ConfigurationException(new ConfigProblem(key.substring(0, key.length() - 1),
                    builderClass.getName(), "the Flume serializer could not be built: " + e));
        }
        return out -> {
            try {
                return new Adapted(build(context, out));
            } catch (ReflectiveOperationException e) {
                throw new java.io.IOException(e);
            }
        };
    }

    /** A serializer over {@code out} from a new Builder, as Flume's EventSerializerFactory makes one per file. */
    private org.apache.flume.serialization.EventSerializer build(Context context, OutputStream out)
            throws ReflectiveOperationException {
        Builder builder = builderClass.getConstructor().newInstance();
        return PluginCalls.call(builderClass.getClassLoader(), () -> builder.build(context, out));
    }

    /** A Flume serializer as Millrace's; events pass as views. */
    private record Adapted(org.apache.flume.serialization.EventSerializer flume) implements EventSerializer {

        @Override
        public void afterCreate() throws IOException {
            flume.afterCreate();
        }

        @Override
        public void afterReopen() throws IOException {
            flume.afterReopen();
        }

        @Override
        public void write(Event event) throws IOException {
            flume.write(new FlumeEventView(event));
        }

        @Override
        public void flush() throws IOException {
            flume.flush();
        }

        @Override
        public void beforeClose() throws IOException {
            flume.beforeClose();
        }

        @Override
        public boolean supportsReopen() {
            return flume.supportsReopen();
        }
    }
}

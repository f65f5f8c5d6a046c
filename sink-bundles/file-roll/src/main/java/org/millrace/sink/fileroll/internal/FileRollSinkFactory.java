package org.millrace.sink.fileroll.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the file_roll sink for Flume's type {@code file_roll}. */
@Component(configurationPid = FileRollSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=file_roll", ConnectorTypes.TYPE + "=org.apache.flume.sink.RollingFileSink"})
@Designate(ocd = FileRollSinkConfig.class, factory = true)
public final class FileRollSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.file_roll";

    private final EventSerializers serializers;

    /** A factory writing with the serializers installed now. */
    @Activate
    public FileRollSinkFactory(@Reference EventSerializers serializers) {
        this.serializers = serializers;
    }

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        FileRollSinkConfig c = ConfigurationException.collect(problems, () -> config.as(FileRollSinkConfig.class));
        EventFormat format = ConfigurationException.collect(problems,
                () -> serializers.format(config, "sink.serializer", "TEXT"));
        ConfigurationException.throwIfAny(problems);
        FileRollSink.Files files = new FileRollSink.Files(Path.of(c.sink_directory()).toAbsolutePath(),
                c.sink_pathManager(), c.sink_pathManager_prefix(), c.sink_pathManager_extension());
        return new FileRollSink(files, format, c.sink_rollInterval() * 1000, c.sink_batchSize());
    }
}

package org.millrace.sink.fileroll;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the file_roll sink for Flume's type {@code file_roll}. */
@Component(configurationPid = FileRollSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=file_roll", ConnectorTypes.TYPE + "=org.apache.flume.sink.RollingFileSink"})
@Designate(ocd = FileRollSinkConfig.class, factory = true)
public final class FileRollSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.file_roll";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        FileRollSinkConfig c = config.as(FileRollSinkConfig.class);
        ComponentConfig serializer = config.subset("sink.serializer.");
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.sink_rollInterval() < 0) {
            problems.add(config.problem("sink.rollInterval", "must not be negative"));
        }
        if (c.sink_batchSize() < 1) {
            problems.add(config.problem("sink.batchSize", "must be at least 1"));
        }
        boolean appendNewline = !"false".equalsIgnoreCase(serializer.get("appendNewline"));
        int syncInterval = 2_048_000;
        String sync = serializer.get("syncIntervalBytes");
        if (sync != null) {
            try {
                syncInterval = Integer.parseInt(sync);
            } catch (NumberFormatException e) {
                problems.add(serializer.problem("syncIntervalBytes", "not a whole number"));
            }
        }
        CodecFactory codec = null;
        String codecName = serializer.get("compressionCodec");
        if (codecName != null && !codecName.equalsIgnoreCase("null")) {
            try {
                codec = CodecFactory.fromString(codecName);
            } catch (AvroRuntimeException e) {
                problems.add(serializer.problem("compressionCodec", "not an Avro codec (deflate, bzip2, xz,"
                        + " snappy, zstandard; null for none)"));
            }
        }
        ConfigurationException.throwIfAny(problems);
        FileRollSink.Files files = new FileRollSink.Files(Path.of(c.sink_directory()), c.sink_pathManager(),
                c.sink_pathManager_prefix(), c.sink_pathManager_extension());
        CodecFactory avroCodec = codec;
        int avroSync = syncInterval;
        FileRollSink.Format format = switch (c.sink_serializer()) {
            case TEXT -> out -> EventWriter.text(out, appendNewline);
            case HEADER_AND_TEXT -> out -> EventWriter.headerAndText(out, appendNewline);
            case AVRO_EVENT -> out -> EventWriter.avroEvent(out, avroSync, avroCodec);
        };
        return new FileRollSink(files, format, c.sink_rollInterval() * 1000, c.sink_batchSize());
    }
}

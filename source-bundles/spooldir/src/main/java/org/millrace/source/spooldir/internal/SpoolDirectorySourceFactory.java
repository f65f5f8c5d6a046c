package org.millrace.source.spooldir.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.serialization.EventDeserializers;
import org.millrace.serialization.EventInputFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the spooling directory source for Flume's type {@code spooldir}. */
@Component(configurationPid = SpoolDirectorySourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=spooldir",
            ConnectorTypes.TYPE + "=org.apache.flume.source.SpoolDirectorySource"})
@Designate(ocd = SpoolDirectorySourceConfig.class, factory = true)
public final class SpoolDirectorySourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.spooldir";

    private final EventDeserializers deserializers;

    /** A factory reading with the deserializers installed now. */
    @Activate
    public SpoolDirectorySourceFactory(@Reference EventDeserializers deserializers) {
        this.deserializers = deserializers;
    }

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        SpoolDirectorySourceConfig c = ConfigurationException.collect(problems,
                () -> config.as(SpoolDirectorySourceConfig.class));
        EventInputFormat format = ConfigurationException.collect(problems,
                () -> deserializers.format(lineLengthAsFlumeReadsIt(config), "deserializer", "LINE"));
        if (c == null) {
            ConfigurationException.throwIfAny(problems);
        }
        Path directory = path(config, "spoolDir", c.spoolDir(), problems);
        Path tracker = path(config, "trackerDir", c.trackerDir(), problems);
        Pattern include = pattern(config, "includePattern", c.includePattern(), problems);
        Pattern ignore = pattern(config, "ignorePattern", c.ignorePattern(), problems);
        Charset charset = null;
        try {
            charset = Charset.forName(c.inputCharset());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add(config.problem("inputCharset", "not a character set this JVM supports"));
        }
        if (c.fileSuffix().isEmpty()) {
            problems.add(config.problem("fileSuffix", "must not be empty: finished files would be read again"));
        }
        ConfigurationException.throwIfAny(problems);
        SpoolReader.Settings settings = new SpoolReader.Settings(directory,
                tracker.isAbsolute() ? tracker : directory.resolve(tracker), c.fileSuffix(), include, ignore,
                c.recursiveDirectorySearch(), c.consumeOrder(), c.deletePolicy(), c.trackingPolicy(), charset,
                c.decodeErrorPolicy(), format, c.fileHeader() ? c.fileHeaderKey() : null,
                c.basenameHeader() ? c.basenameHeaderKey() : null);
        return new SpoolDirectorySource(settings, c.batchSize(), c.pollDelay(), c.maxBackoff());
    }

    /** Flume's deprecated bufferMaxLineLength sets the LINE deserializer's maxLineLength when that is unset. */
    private static ComponentConfig lineLengthAsFlumeReadsIt(ComponentConfig config) {
        String legacy = config.get("bufferMaxLineLength");
        String type = config.properties().getOrDefault("deserializer", "LINE").trim();
        if (legacy == null || legacy.isEmpty() || !type.equalsIgnoreCase("LINE")
                || config.properties().containsKey("deserializer.maxLineLength")) {
            return config;
        }
        Map<String, String> with = new LinkedHashMap<>(config.properties());
        with.put("deserializer.maxLineLength", legacy);
        return config.inner(config.type(), with);
    }

    private static Path path(ComponentConfig config, String property, String value, List<ConfigProblem> problems) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            problems.add(config.problem(property, "not a path: " + e.getReason()));
            return null;
        }
    }

    private static Pattern pattern(ComponentConfig config, String property, String value,
            List<ConfigProblem> problems) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            problems.add(config.problem(property, "not a regular expression: " + e.getDescription()));
            return null;
        }
    }
}

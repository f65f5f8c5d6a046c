package org.millrace.sink.hdfs.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.hadoop.io.compress.CompressionCodec;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the hdfs sink for Flume's type {@code hdfs} and its class name. */
@Component(configurationPid = HdfsSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=hdfs", ConnectorTypes.TYPE + "=org.apache.flume.sink.hdfs.HDFSEventSink"})
@Designate(ocd = HdfsSinkConfig.class, factory = true)
public final class HdfsSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.hdfs";
    private static final Logger LOG = LoggerFactory.getLogger(HdfsSinkFactory.class);

    private final EventSerializers serializers;
    private final HadoopConfiguration hadoop;

    /** A factory writing with the serializers installed now and the Hadoop configuration found on this host. */
    @Activate
    public HdfsSinkFactory(@Reference EventSerializers serializers) {
        this(serializers, HadoopConfiguration.fromEnvironment());
    }

    HdfsSinkFactory(EventSerializers serializers, HadoopConfiguration hadoop) {
        this.serializers = serializers;
        this.hadoop = hadoop;
    }

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        HdfsSinkConfig c = ConfigurationException.collect(problems, () -> config.as(HdfsSinkConfig.class));
        if (c == null) {
            ConfigurationException.throwIfAny(problems);
        }
        FileFormat.Type type = check(problems, config, "hdfs.fileType", () -> FileFormat.Type.parse(c.hdfs_fileType()));
        CompressionCodec codec = c.hdfs_codeC().isBlank() ? null
                : check(problems, config, "hdfs.codeC", () -> hadoop.codec(c.hdfs_codeC()));
        if (type == FileFormat.Type.DataStream && !c.hdfs_codeC().isBlank()) {
            problems.add(config.problem("hdfs.codeC", "fileType DataStream does not compress: remove hdfs.codeC or"
                    + " set hdfs.fileType = CompressedStream"));
        }
        if (type == FileFormat.Type.CompressedStream && c.hdfs_codeC().isBlank()) {
            problems.add(config.problem("hdfs.fileType", "CompressedStream needs hdfs.codeC"));
        }
        SequenceFileFile.WriteFormat writeFormat = check(problems, config, "hdfs.writeFormat",
                () -> FileFormat.writeFormat(c.hdfs_writeFormat()));
        EventFormat serializer = type == FileFormat.Type.SequenceFile || type == null ? null
                : ConfigurationException.collect(problems, () -> serializers.format(config, "serializer", "TEXT"));
        TimeZone zone = c.hdfs_timeZone().isBlank() ? null
                : check(problems, config, "hdfs.timeZone", () -> zone(c.hdfs_timeZone()));
        PathEscapes.Time time = time(c, config, zone, problems);
        PathEscapes path = check(problems, config, "hdfs.path", () -> new PathEscapes(c.hdfs_path(), time));
        PathEscapes prefix = check(problems, config, "hdfs.filePrefix",
                () -> new PathEscapes(c.hdfs_filePrefix(), time));
        if (!c.hdfs_kerberosPrincipal().isBlank() && c.hdfs_kerberosKeytab().isBlank()) {
            problems.add(config.problem("hdfs.kerberosPrincipal", "needs hdfs.kerberosKeytab"));
        }
        ConfigurationException.throwIfAny(problems);
        if (c.hdfs_emptyInUseSuffix() && config.get("hdfs.inUseSuffix") != null) {
            LOG.warn("[{}] hdfs.inUseSuffix is ignored: hdfs.emptyInUseSuffix is true", config.label());
        }
        Bucket.Settings bucket = new Bucket.Settings(c.hdfs_inUsePrefix(),
                c.hdfs_emptyInUseSuffix() ? "" : c.hdfs_inUseSuffix(), c.hdfs_fileSuffix(), c.hdfs_rollInterval(),
                c.hdfs_rollSize(), c.hdfs_rollCount(), c.hdfs_idleTimeout(), c.hdfs_batchSize(),
                c.hdfs_minBlockReplicas(), c.hdfs_closeTries(), c.hdfs_retryInterval());
        HdfsSink.Settings settings = new HdfsSink.Settings(path, prefix, bucket,
                new FileFormat(type, codec, serializer, writeFormat), c.hdfs_maxOpenFiles(), c.hdfs_callTimeout(),
                c.hdfs_threadsPoolSize(), c.hdfs_rollTimerPoolSize(), c.hdfs_useRawLocalFileSystem(),
                new HdfsSink.Kerberos(c.hdfs_kerberosPrincipal().trim(), c.hdfs_kerberosKeytab().trim(),
                        c.hdfs_proxyUser().trim()));
        return new HdfsSink(settings, hadoop::configuration);
    }

    /** Flume's rounding: an unknown roundUnit turns it off with a warning; roundValue within the unit. */
    private static PathEscapes.Time time(HdfsSinkConfig c, ComponentConfig config, TimeZone zone,
            List<ConfigProblem> problems) {
        boolean round = c.hdfs_round();
        String unit = c.hdfs_roundUnit().trim().toLowerCase(Locale.ROOT);
        if (round && !List.of("second", "minute", "hour").contains(unit)) {
            LOG.warn("[{}] hdfs.roundUnit '{}' is not second, minute or hour: no rounding, as in Flume",
                    config.label(), c.hdfs_roundUnit());
            round = false;
        }
        int field = PathEscapes.Time.roundField(round, unit);
        if (field == Calendar.HOUR_OF_DAY && c.hdfs_roundValue() > 24) {
            problems.add(config.problem("hdfs.roundValue", "must be at most 24 when hdfs.roundUnit is hour"));
        }
        return new PathEscapes.Time(zone, field, c.hdfs_roundValue(), c.hdfs_useLocalTimeStamp(),
                System::currentTimeMillis);
    }

    private static TimeZone zone(String name) {
        try {
            return TimeZone.getTimeZone(ZoneId.of(name.trim()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a time zone (e.g. UTC, America/Los_Angeles): " + e.getMessage());
        }
    }

    /** Runs a check that throws IllegalArgumentException; its message becomes a problem for the key. */
    private static <T> T check(List<ConfigProblem> problems, ComponentConfig config, String key,
            java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            problems.add(config.problem(key, e.getMessage()));
            return null;
        }
    }

    /** Closes what Hadoop keeps for the whole bundle, so nothing of it outlives the bundle. */
    @Deactivate
    void deactivate() {
        hadoop.close();
    }
}

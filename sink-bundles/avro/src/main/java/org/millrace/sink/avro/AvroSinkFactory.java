package org.millrace.sink.avro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.avro.rpc.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the avro sink for Flume's type {@code avro}. */
@Component(configurationPid = AvroSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=avro", ConnectorTypes.TYPE + "=org.apache.flume.sink.AvroSink"})
@Designate(ocd = AvroSinkConfig.class, factory = true)
public final class AvroSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.avro";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        AvroSinkConfig c = config.as(AvroSinkConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.port() < 1 || c.port() > 65535) {
            problems.add(config.problem("port", "must be between 1 and 65535"));
        }
        positive(config, "batch-size", c.batch$_$size(), problems);
        positive(config, "connect-timeout", c.connect$_$timeout(), problems);
        positive(config, "request-timeout", c.request$_$timeout(), problems);
        if (c.reset$_$connection$_$interval() < 0) {
            problems.add(config.problem("reset-connection-interval", "must not be negative"));
        }
        if (c.compression$_$level() < 0 || c.compression$_$level() > 9) {
            problems.add(config.problem("compression-level", "must be between 0 and 9"));
        }
        if (c.maxIoWorkers() < 0) {
            problems.add(config.problem("maxIoWorkers", "must not be negative"));
        }
        AvroSink.Tls tls = null;
        if (c.ssl()) {
            String truststore = or(c.truststore(), Transport.globalDefault("javax.net.ssl.trustStore",
                    "FLUME_SSL_TRUSTSTORE_PATH"));
            if (truststore != null && !c.trust$_$all$_$certs() && !Files.isReadable(Path.of(truststore))) {
                problems.add(config.problem("truststore", "no readable file there"));
            }
            tls = new AvroSink.Tls(c.trust$_$all$_$certs(), truststore == null ? null : Path.of(truststore),
                    or(c.truststore$_$password(), Transport.globalDefault("javax.net.ssl.trustStorePassword",
                            "FLUME_SSL_TRUSTSTORE_PASSWORD")),
                    or(or(c.truststore$_$type(), Transport.globalDefault("javax.net.ssl.trustStoreType",
                            "FLUME_SSL_TRUSTSTORE_TYPE")), "JKS"),
                    Transport.Filters.of(c.include$_$protocols(), c.exclude$_$protocols(),
                            c.include$_$cipher$_$suites(), c.exclude$_$cipher$_$suites()));
        }
        ConfigurationException.throwIfAny(problems);
        return new AvroSink(new AvroSink.Settings(c.hostname(), c.port(), c.batch$_$size(), c.connect$_$timeout(),
                c.request$_$timeout(), c.reset$_$connection$_$interval() * 1000,
                c.compression$_$type() == AvroSinkConfig.Compression.DEFLATE ? c.compression$_$level() : -1, tls,
                c.maxIoWorkers() > 0 ? c.maxIoWorkers() : 2 * Runtime.getRuntime().availableProcessors()));
    }

    private static void positive(ComponentConfig config, String property, long value, List<ConfigProblem> problems) {
        if (value < 1) {
            problems.add(config.problem(property, "must be at least 1"));
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}

package org.millrace.source.avro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.avro.rpc.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the avro source for Flume's type {@code avro}. */
@Component(configurationPid = AvroSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=avro", ConnectorTypes.TYPE + "=org.apache.flume.source.AvroSource"})
@Designate(ocd = AvroSourceConfig.class, factory = true)
public final class AvroSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.avro";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        AvroSourceConfig c = config.as(AvroSourceConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.port() < 0 || c.port() > 65535) {
            problems.add(config.problem("port", "must be between 0 and 65535"));
        }
        if (c.compression$_$level() < 0 || c.compression$_$level() > 9) {
            problems.add(config.problem("compression-level", "must be between 0 and 9"));
        }
        if (c.stall$_$timeout() < 1) {
            problems.add(config.problem("stall-timeout", "must be at least 1"));
        }
        if (c.max$_$frame$_$bytes() < 1024) {
            problems.add(config.problem("max-frame-bytes", "must be at least 1024"));
        }
        AvroSource.Tls tls = null;
        if (c.ssl()) {
            String keystore = or(c.keystore(), Transport.globalDefault("javax.net.ssl.keyStore",
                    "FLUME_SSL_KEYSTORE_PATH"));
            if (keystore == null) {
                problems.add(config.problem("keystore", "required with ssl = true (or the javax.net.ssl.keyStore"
                        + " system property, or FLUME_SSL_KEYSTORE_PATH)"));
            } else if (!Files.isReadable(Path.of(keystore))) {
                problems.add(config.problem("keystore", "no readable file there"));
            }
            tls = new AvroSource.Tls(keystore == null ? null : Path.of(keystore),
                    or(c.keystore$_$password(), Transport.globalDefault("javax.net.ssl.keyStorePassword",
                            "FLUME_SSL_KEYSTORE_PASSWORD")),
                    or(or(c.keystore$_$type(), Transport.globalDefault("javax.net.ssl.keyStoreType",
                            "FLUME_SSL_KEYSTORE_TYPE")), "JKS"),
                    Transport.Filters.of(c.include$_$protocols(), c.exclude$_$protocols(),
                            c.include$_$cipher$_$suites(), c.exclude$_$cipher$_$suites()));
        }
        IpFilterRules ipFilter = null;
        if (c.ipFilter()) {
            if (c.ipFilterRules().isEmpty()) {
                problems.add(config.problem("ipFilterRules", "required with ipFilter = true"));
            } else {
                try {
                    ipFilter = IpFilterRules.parse(c.ipFilterRules());
                } catch (IllegalArgumentException e) {
                    problems.add(config.problem("ipFilterRules", e.getMessage()));
                }
            }
        }
        ConfigurationException.throwIfAny(problems);
        int threads = c.threads() > 0 ? c.threads() : Math.max(2, Runtime.getRuntime().availableProcessors());
        return new AvroSource(c.bind(), c.port(), threads,
                c.compression$_$type() == AvroSourceConfig.Compression.DEFLATE ? c.compression$_$level() : -1,
                tls, ipFilter, c.max$_$frame$_$bytes(), c.stall$_$timeout());
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}

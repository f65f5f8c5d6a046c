package org.millrace.source.avro.internal;

import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.network.TcpServer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the avro source for Flume's type {@code avro}. Its TLS ({@code ssl}, {@code keystore}...), ip filter
 * and connection limit are the network toolkit's keys.
 */
@Component(configurationPid = AvroSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=avro", ConnectorTypes.TYPE + "=org.apache.flume.source.AvroSource"})
@Designate(ocd = AvroSourceConfig.class, factory = true)
public final class AvroSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.avro";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        AvroSourceConfig c = ConfigurationException.collect(problems, () -> config.as(AvroSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        Integer deflate = ConfigurationException.collect(problems, () -> AvroRpc.deflateLevel(config));
        ConfigurationException.throwIfAny(problems);
        return new AvroSource(c.bind(), c.port(), network, new AvroSource.Settings(c.threads(), deflate,
                c.max$_$frame$_$bytes(), c.stall$_$timeout()));
    }
}

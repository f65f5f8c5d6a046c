package org.millrace.source.thrift.internal;

import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.network.TcpServer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the thrift source for Flume's type {@code thrift}. */
@Component(configurationPid = ThriftSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=thrift", ConnectorTypes.TYPE + "=org.apache.flume.source.ThriftSource"})
@Designate(ocd = ThriftSourceConfig.class, factory = true)
public final class ThriftSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.thrift";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        ThriftSourceConfig c = ConfigurationException.collect(problems, () -> config.as(ThriftSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        if (c != null && c.kerberos()) {
            problems.add(config.problem("kerberos", "Kerberos (SASL/GSSAPI) is not available in Millrace's thrift"
                    + " source; use TLS (ssl = true) to secure the connection"));
        }
        ConfigurationException.throwIfAny(problems);
        return new ThriftSource(c.bind(), c.port(), network, new ThriftSource.Settings(c.threads(), c.protocol(),
                c.max$_$frame$_$bytes(), c.stall$_$timeout()));
    }
}

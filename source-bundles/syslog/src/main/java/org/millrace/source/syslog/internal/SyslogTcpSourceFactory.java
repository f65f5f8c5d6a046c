package org.millrace.source.syslog.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/** Registers the syslog TCP source for Flume's type {@code syslogtcp}. */
@Component(configurationPid = SyslogTcpSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=syslogtcp", ConnectorTypes.TYPE + "=org.apache.flume.source.SyslogTcpSource"})
@Designate(ocd = SyslogTcpSourceConfig.class, factory = true)
public final class SyslogTcpSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.syslogtcp";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        SyslogTcpSourceConfig c = ConfigurationException.collect(problems,
                () -> config.as(SyslogTcpSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        Map<String, String> formats = SyslogSourceFactories.formats(config, problems);
        ConfigurationException.throwIfAny(problems);
        return new SyslogTcpSource(c, KeepFields.of(c.keepFields()), formats, network);
    }
}

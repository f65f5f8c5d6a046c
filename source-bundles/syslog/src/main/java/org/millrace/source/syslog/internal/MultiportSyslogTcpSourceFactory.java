package org.millrace.source.syslog.internal;

import java.nio.charset.Charset;
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

/** Registers the multiport syslog TCP source for Flume's type {@code multiport_syslogtcp}. */
@Component(configurationPid = MultiportSyslogTcpSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=multiport_syslogtcp",
            ConnectorTypes.TYPE + "=org.apache.flume.source.MultiportSyslogTCPSource"})
@Designate(ocd = MultiportSyslogTcpSourceConfig.class, factory = true)
public final class MultiportSyslogTcpSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.multiport_syslogtcp";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        MultiportSyslogTcpSourceConfig c = ConfigurationException.collect(problems,
                () -> config.as(MultiportSyslogTcpSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        Map<Integer, Charset> portCharsets = SyslogSourceFactories.portCharsets(config, problems);
        if (c == null) {
            ConfigurationException.throwIfAny(problems);
        }
        List<Integer> ports = SyslogSourceFactories.ports(config, "ports", c.ports(), problems);
        Charset charset = SyslogSourceFactories.charset(config, "charset.default", c.charset_default(), problems);
        ConfigurationException.throwIfAny(problems);
        return new MultiportSyslogTcpSource(c, ports, charset, portCharsets, KeepFields.of(c.keepFields()),
                network);
    }
}

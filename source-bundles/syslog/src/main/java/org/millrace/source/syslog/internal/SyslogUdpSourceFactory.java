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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the syslog UDP source for Flume's type {@code syslogudp}. */
@Component(configurationPid = SyslogUdpSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=syslogudp", ConnectorTypes.TYPE + "=org.apache.flume.source.SyslogUDPSource"})
@Designate(ocd = SyslogUdpSourceConfig.class, factory = true)
public final class SyslogUdpSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.syslogudp";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        SyslogUdpSourceConfig c = ConfigurationException.collect(problems,
                () -> config.as(SyslogUdpSourceConfig.class));
        Map<String, String> formats = SyslogSourceFactories.formats(config, problems);
        ConfigurationException.throwIfAny(problems);
        return new SyslogUdpSource(c, KeepFields.of(c.keepFields()), formats);
    }
}

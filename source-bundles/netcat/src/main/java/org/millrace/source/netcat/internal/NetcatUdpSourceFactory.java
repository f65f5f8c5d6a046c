package org.millrace.source.netcat.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the netcat UDP source for Flume's type {@code netcatudp}. */
@Component(configurationPid = NetcatUdpSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=netcatudp", ConnectorTypes.TYPE + "=org.apache.flume.source.NetcatUdpSource"})
@Designate(ocd = NetcatUdpSourceConfig.class, factory = true)
public final class NetcatUdpSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.netcatudp";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        NetcatUdpSourceConfig c = config.as(NetcatUdpSourceConfig.class);
        String header = c.remoteAddressHeader().isEmpty() ? c.remoteAddress() : c.remoteAddressHeader();
        return new NetcatUdpSource(c.bind(), c.port(), header);
    }
}

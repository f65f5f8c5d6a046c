package org.millrace.source.netcat.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
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

/** Registers the netcat source for Flume's type {@code netcat}. */
@Component(configurationPid = NetcatSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=netcat", ConnectorTypes.TYPE + "=org.apache.flume.source.NetcatSource"})
@Designate(ocd = NetcatSourceConfig.class, factory = true)
public final class NetcatSourceFactory implements SourceFactory {
    /** Where the metatype of the source's properties is published. */
    static final String PID = "org.millrace.source.netcat";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        NetcatSourceConfig c = config.as(NetcatSourceConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Charset charset = null;
        try {
            charset = Charset.forName(c.encoding());
            if (!Arrays.equals("\n".getBytes(charset), new byte[] {'\n'})) {
                problems.add(config.problem("encoding", "netcat needs an ASCII-compatible encoding"));
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add(config.problem("encoding", "not a character set this JVM supports"));
        }
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        ConfigurationException.throwIfAny(problems);
        return new NetcatSource(c.bind(), c.port(), c.max$_$line$_$length(), c.ack$_$every$_$event(), charset,
                network);
    }
}

package org.millrace.network.guide;

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

/** Registers the source for the type {@code lines}: its own keys and the toolkit's, checked together. */
@Component(configurationPid = "com.example.source.lines", configurationPolicy = ConfigurationPolicy.IGNORE,
        property = ConnectorTypes.TYPE + "=lines")
@Designate(ocd = LinesSourceConfig.class, factory = true)
public final class LinesSourceFactory implements SourceFactory {

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        LinesSourceConfig c = ConfigurationException.collect(problems, () -> config.as(LinesSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems, () -> TcpServer.Settings.of(config));
        ConfigurationException.throwIfAny(problems);
        return new LinesSource(c.bind(), c.port(), c.maxLineBytes(), network);
    }
}

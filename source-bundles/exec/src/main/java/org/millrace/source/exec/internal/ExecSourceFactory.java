package org.millrace.source.exec.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the exec source for Flume's type {@code exec}. */
@Component(configurationPid = ExecSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=exec", ConnectorTypes.TYPE + "=org.apache.flume.source.ExecSource"})
@Designate(ocd = ExecSourceConfig.class, factory = true)
public final class ExecSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.exec";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        ExecSourceConfig c = config.as(ExecSourceConfig.class);
        Charset charset;
        try {
            charset = Charset.forName(c.charset());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigurationException(List.of(config.problem("charset", "not a character set this JVM"
                    + " supports")));
        }
        // as Flume: the command split on white space, or handed whole to the shell
        List<String> commandLine = new ArrayList<>();
        if (c.shell().isBlank()) {
            commandLine.addAll(List.of(c.command().trim().split("\\s+")));
        } else {
            commandLine.addAll(List.of(c.shell().trim().split("\\s+")));
            commandLine.add(c.command());
        }
        return new ExecSource(c, commandLine, charset);
    }
}

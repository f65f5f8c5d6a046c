package org.millrace.sink.thrift.internal;

import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.network.ClientTls;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the thrift sink for Flume's type {@code thrift}; its TLS keys are the network toolkit's. */
@Component(configurationPid = ThriftSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=thrift", ConnectorTypes.TYPE + "=org.apache.flume.sink.ThriftSink"})
@Designate(ocd = ThriftSinkConfig.class, factory = true)
public final class ThriftSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.thrift";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        ThriftSinkConfig c = ConfigurationException.collect(problems, () -> config.as(ThriftSinkConfig.class));
        ClientTls tls = ConfigurationException.collect(problems, () -> ClientTls.of(config));
        if (c != null && c.kerberos()) {
            problems.add(config.problem("kerberos", "Kerberos (SASL/GSSAPI) is not available in Millrace's thrift"
                    + " sink; use TLS (ssl = true) to secure the connection"));
        }
        ConfigurationException.throwIfAny(problems);
        long resetSeconds = c.reset$_$connection$_$interval() > 0 ? c.reset$_$connection$_$interval()
                : c.connection$_$reset$_$interval();
        return new ThriftSink(new ThriftSink.Settings(c.hostname(), c.port(), c.batch$_$size(), c.connect$_$timeout(),
                c.request$_$timeout(), resetSeconds * 1000, c.protocol(), tls));
    }
}

package org.millrace.sink.avro.internal;

import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.avro.rpc.AvroRpc;
import org.millrace.network.ClientTls;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the avro sink for Flume's type {@code avro}; its TLS keys are the network toolkit's. */
@Component(configurationPid = AvroSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=avro", ConnectorTypes.TYPE + "=org.apache.flume.sink.AvroSink"})
@Designate(ocd = AvroSinkConfig.class, factory = true)
public final class AvroSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.avro";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        AvroSinkConfig c = ConfigurationException.collect(problems, () -> config.as(AvroSinkConfig.class));
        ClientTls tls = ConfigurationException.collect(problems, () -> ClientTls.of(config));
        Integer deflate = ConfigurationException.collect(problems, () -> AvroRpc.deflateLevel(config));
        ConfigurationException.throwIfAny(problems);
        return new AvroSink(new AvroSink.Settings(c.hostname(), c.port(), c.batch$_$size(), c.connect$_$timeout(),
                c.request$_$timeout(), c.reset$_$connection$_$interval() * 1000,
                deflate, tls,
                c.maxIoWorkers()));
    }
}

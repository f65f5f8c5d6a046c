package org.millrace.sink.logger.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the logger sink for Flume's type {@code logger}. */
@Component(configurationPid = LoggerSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=logger", ConnectorTypes.TYPE + "=org.apache.flume.sink.LoggerSink"})
@Designate(ocd = LoggerSinkConfig.class, factory = true)
public final class LoggerSinkFactory implements SinkFactory {
    /** Where the metatype of the sink's properties is published. */
    static final String PID = "org.millrace.sink.logger";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        return new LoggerSink(config.as(LoggerSinkConfig.class).maxBytesToLog());
    }
}

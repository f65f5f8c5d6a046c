package org.millrace.sink.nullsink.internal;

import java.util.List;
import org.millrace.api.BatchingSink;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the null sink for Flume's type {@code null}: it takes batches and discards them. */
@Component(configurationPid = NullSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=null", ConnectorTypes.TYPE + "=org.apache.flume.sink.NullSink"})
@Designate(ocd = NullSinkConfig.class, factory = true)
public final class NullSinkFactory implements SinkFactory {
    /** Where the metatype of the sink's properties is published. */
    static final String PID = "org.millrace.sink.null";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        return new BatchingSink(config.as(NullSinkConfig.class).batchSize()) {
            @Override
            protected void deliver(List<Event> batch) {
                // discarded by design
            }
        };
    }
}

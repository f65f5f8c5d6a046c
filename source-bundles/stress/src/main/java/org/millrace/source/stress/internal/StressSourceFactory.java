package org.millrace.source.stress.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the stress source for Flume's class name {@code org.apache.flume.source.StressSource} and {@code stress}. */
@Component(configurationPid = StressSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=stress", ConnectorTypes.TYPE + "=org.apache.flume.source.StressSource"})
@Designate(ocd = StressSourceConfig.class, factory = true)
public final class StressSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.stress";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        return new StressSource(config.as(StressSourceConfig.class));
    }
}

package org.millrace.source.seq.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the seq source for Flume's type {@code seq}. */
@Component(configurationPid = SeqSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=seq", ConnectorTypes.TYPE + "=org.apache.flume.source.SequenceGeneratorSource"})
@Designate(ocd = SeqSourceConfig.class, factory = true)
public final class SeqSourceFactory implements SourceFactory {
    /** Where the metatype of the source's properties is published. */
    static final String PID = "org.millrace.source.seq";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        SeqSourceConfig c = config.as(SeqSourceConfig.class);
        return new SeqSource(c.batchSize(), c.totalEvents(), c.backoffSleepIncrement(), c.maxBackoffSleep());
    }
}

package org.millrace.flume.plugins.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.PollableSource;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceFactory;
import org.millrace.api.Status;

/**
 * Millrace's factory for one Flume source class, which must be a {@code PollableSource} or an
 * {@code EventDrivenSource}, as Flume's {@code SourceRunner} requires. In Flume's order: the class's no-arg
 * constructor, {@code setName}, {@code configure(Context)} when the flow is planned; {@code setChannelProcessor}
 * and {@code start()} when it starts; the platform's runner calls a pollable source's {@code process()} with
 * Flume's back-off; {@code stop()} after its runner stopped.
 */
final class FlumeSourceFactory implements SourceFactory {
    private final Class<? extends org.apache.flume.Source> sourceClass;

    FlumeSourceFactory(Class<? extends org.apache.flume.Source> sourceClass) {
        this.sourceClass = sourceClass;
    }

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        boolean pollable = org.apache.flume.PollableSource.class.isAssignableFrom(sourceClass);
        if (!pollable && !org.apache.flume.EventDrivenSource.class.isAssignableFrom(sourceClass)) {
            throw PluginCalls.problem(config, "a Flume source must be a PollableSource or an EventDrivenSource, as"
                    + " Flume's SourceRunner requires");
        }
        org.apache.flume.Source flume = PluginCalls.configured(sourceClass, config);
        return pollable ? new Pollable((org.apache.flume.PollableSource) flume, config.label())
                : new EventDriven(flume, config.label());
    }

    /** A Flume source as a Millrace one. */
    private abstract static class Adapted implements Source {
        final org.apache.flume.Source flume;
        final String label;

        Adapted(org.apache.flume.Source flume, String label) {
            this.flume = flume;
            this.label = label;
        }

        @Override
        public void start(SourceContext context) {
            flume.setChannelProcessor(new ForwardingChannelProcessor(context.channelProcessor(), context.counter()));
            PluginCalls.start(flume, label);
        }

        @Override
        public void stop() {
            PluginCalls.stop(flume);
        }
    }

    private static final class EventDriven extends Adapted implements EventDrivenSource {
        EventDriven(org.apache.flume.Source flume, String label) {
            super(flume, label);
        }
    }

    private static final class Pollable extends Adapted implements PollableSource {
        private final org.apache.flume.PollableSource pollable;

        Pollable(org.apache.flume.PollableSource flume, String label) {
            super(flume, label);
            this.pollable = flume;
        }

        @Override
        public Status process() throws EventDeliveryException {
            try {
                return PluginCalls.status(pollable.process());
            } catch (org.apache.flume.EventDeliveryException | RuntimeException e) {
                throw PluginCalls.failed(label, e);
            }
        }

        @Override
        public long backoffSleepIncrement() {
            return pollable.getBackOffSleepIncrement();
        }

        @Override
        public long maxBackoffSleep() {
            return pollable.getMaxBackOffSleepInterval();
        }
    }
}

package org.millrace.flume.plugins.internal;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkFactory;
import org.millrace.api.Status;

/**
 * Millrace's factory for one Flume sink class. In Flume's order: the class's no-arg constructor, {@code setName},
 * {@code configure(Context)} when the flow is planned; {@code setChannel} and {@code start()} when it starts; the
 * platform's sink runner (or sink group) calls {@code process()} with Flume's back-off; {@code stop()} after the
 * last call.
 */
final class FlumeSinkFactory implements SinkFactory {
    private final Class<? extends org.apache.flume.Sink> sinkClass;

    FlumeSinkFactory(Class<? extends org.apache.flume.Sink> sinkClass) {
        this.sinkClass = sinkClass;
    }

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        return new Adapted(PluginCalls.configured(sinkClass, config), config.label(), config.get("channel"));
    }

    /** A Flume sink as a Millrace one. */
    private record Adapted(org.apache.flume.Sink flume, String label, String channelName) implements Sink {

        @Override
        public void start(SinkContext context) {
            flume.setChannel(new FlumeChannelView(context.channel(), context.counter(), channelName));
            PluginCalls.start(flume, label);
        }

        @Override
        public Status process() throws EventDeliveryException {
            try {
                return PluginCalls.status(flume.process());
            } catch (org.apache.flume.EventDeliveryException | RuntimeException e) {
                throw PluginCalls.failed(label, e);
            }
        }

        @Override
        public void stop() {
            PluginCalls.stop(flume);
        }
    }
}

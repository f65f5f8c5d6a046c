package org.millrace.platform.internal.runtime;

import java.util.List;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkProcessor;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.Status;

/** Flume's default processor: drives a single sink. Every sink outside a group runs under one. */
final class DefaultSinkProcessor implements SinkProcessor {
    /** Type names it answers to. */
    static final List<String> TYPES = List.of("default", "org.apache.flume.sink.DefaultSinkProcessor");

    private final Sink sink;

    DefaultSinkProcessor(Sink sink) {
        this.sink = sink;
    }

    @Override
    public Status process() throws EventDeliveryException {
        return sink.process();
    }

    /** Builds default processors. */
    static final class Factory implements SinkProcessorFactory {
        @Override
        public SinkProcessor create(ComponentConfig config, Map<String, Sink> sinks) throws ConfigurationException {
            if (sinks.size() != 1) {
                throw new ConfigurationException(config.problem("type", "the default processor drives exactly one"
                        + " sink, this group has " + sinks.size() + "; use failover or load_balance"));
            }
            return new DefaultSinkProcessor(sinks.values().iterator().next());
        }
    }
}

package org.millrace.platform.internal.plan;

import java.util.Locale;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceFactory;

/** The kinds of connector factory, with the factory interface of each. */
public enum ConnectorKind {
    /** Sources. */
    SOURCE(SourceFactory.class),
    /** Channels. */
    CHANNEL(ChannelFactory.class),
    /** Sinks. */
    SINK(SinkFactory.class),
    /** Interceptors. */
    INTERCEPTOR(InterceptorFactory.class),
    /** Channel selectors. */
    SELECTOR(ChannelSelectorFactory.class),
    /** Sink processors. */
    SINK_PROCESSOR(SinkProcessorFactory.class);

    private final Class<?> factoryType;

    ConnectorKind(Class<?> factoryType) {
        this.factoryType = factoryType;
    }

    /** The factory interface. */
    public Class<?> factoryType() {
        return factoryType;
    }

    /** The kind's word in messages, e.g. {@code sink processor}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}

package org.millrace.api.testkit;

import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.ComponentConfig;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;

/** Contexts and configs for connector tests, as the platform would hand them over (agent {@code a1}). */
public final class TestContexts {
    private TestContexts() {
    }

    private record Source(String agentName, String componentName, ChannelProcessor channelProcessor,
            SourceCounter counter) implements SourceContext {
    }

    private record Sink(String agentName, String componentName, Channel channel, SinkCounter counter)
            implements SinkContext {
    }

    private record ChannelCtx(String agentName, String componentName, ChannelCounter counter)
            implements ChannelContext {
    }

    /** A config of agent {@code a1}, component {@code name}, with Flume's key prefix for its kind. */
    public static ComponentConfig config(String section, String name, String type, Map<String, String> properties) {
        return new ComponentConfig("a1", name, type, "a1." + section + "." + name + ".", properties);
    }

    /** A channel context with fresh counters. */
    public static ChannelContext channelContext(String name) {
        return new ChannelCtx("a1", name, new ChannelCounter());
    }

    /** A source context delivering to {@code processor}, with fresh counters. */
    public static SourceContext sourceContext(String name, ChannelProcessor processor) {
        return new Source("a1", name, processor, new SourceCounter());
    }

    /** A sink context draining {@code channel}, with fresh counters. */
    public static SinkContext sinkContext(String name, Channel channel) {
        return new Sink("a1", name, channel, new SinkCounter());
    }
}

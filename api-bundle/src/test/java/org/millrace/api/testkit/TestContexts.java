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

/** Contexts and configs for connector tests, as the platform would hand them over. */
public final class TestContexts {
    private TestContexts() {
    }

    /** A config of agent {@code a1}, component {@code name}, with Flume's key prefix for its kind. */
    public static ComponentConfig config(String section, String name, String type, Map<String, String> properties) {
        return new ComponentConfig("a1", name, type, "a1." + section + "." + name + ".", properties);
    }

    /** A channel context with fresh counters. */
    public static ChannelContext channelContext(String name) {
        ChannelCounter counter = new ChannelCounter();
        return new ChannelContext() {
            @Override
            public ChannelCounter counter() {
                return counter;
            }

            @Override
            public String agentName() {
                return "a1";
            }

            @Override
            public String componentName() {
                return name;
            }
        };
    }

    /** A source context delivering to {@code processor}, with fresh counters. */
    public static SourceContext sourceContext(String name, ChannelProcessor processor) {
        SourceCounter counter = new SourceCounter();
        return new SourceContext() {
            @Override
            public ChannelProcessor channelProcessor() {
                return processor;
            }

            @Override
            public SourceCounter counter() {
                return counter;
            }

            @Override
            public String agentName() {
                return "a1";
            }

            @Override
            public String componentName() {
                return name;
            }
        };
    }

    /** A sink context draining {@code channel}, with fresh counters. */
    public static SinkContext sinkContext(String name, Channel channel) {
        SinkCounter counter = new SinkCounter();
        return new SinkContext() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public SinkCounter counter() {
                return counter;
            }

            @Override
            public String agentName() {
                return "a1";
            }

            @Override
            public String componentName() {
                return name;
            }
        };
    }
}

package org.millrace.platform.internal.runtime;

import org.millrace.api.Channel;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.SinkFactory;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.SinkSpec;

/** A declared sink and its running instance. */
final class SinkNode extends Node {
    SinkSpec spec;
    Sink sink;
    SinkCounter counter;
    /** The node of the channel it drains; read by the runner thread at each call. */
    volatile ChannelNode channel;

    SinkNode(String agent, String name) {
        super(agent, name);
    }

    /** A sink's channel is read through its node, so a replaced channel is seen at the next process(). */
    private record Context(String agentName, String componentName, SinkNode node, SinkCounter counter)
            implements SinkContext {
        @Override
        public Channel channel() {
            ChannelNode current = node.channel;
            return current == null ? null : current.channel;
        }
    }

    /** Builds and starts the sink on its channel; returns false (and says why in the state) if it could not. */
    boolean start(SinkSpec want, SinkFactory by, ChannelNode drained, long gen, long retrySeconds) {
        Sink created;
        try {
            created = by.create(want.component().config(agent));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            createFailed(e);
            return false;
        }
        SinkCounter fresh = new SinkCounter();
        channel = drained;
        try {
            created.start(new Context(agent, name, this, fresh));
        } catch (Exception | LinkageError e) {
            startFailed(e, retrySeconds);
            return false;
        }
        fresh.start();
        spec = want;
        sink = created;
        counter = fresh;
        running(by, gen);
        LOG.info("[{}] sink started ({})", label(), want.component().type());
        return true;
    }

    /** Stops the sink; its runner has stopped calling it. */
    void stop() {
        try {
            sink.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}] sink stop failed: {}", label(), e.toString(), e);
        }
        counter.stop();
        sink = null;
        stopped();
        LOG.info("[{}] sink stopped", label());
    }
}

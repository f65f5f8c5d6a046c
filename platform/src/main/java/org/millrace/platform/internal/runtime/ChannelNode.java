package org.millrace.platform.internal.runtime;

import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ConfigurationException;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.ComponentSpec;

/** A declared channel and its running instance. */
final class ChannelNode extends Node {
    ComponentSpec spec;
    /** Read by sinks' threads through their context, so a replaced channel is seen at their next call. */
    volatile Channel channel;
    ChannelCounter counter;

    ChannelNode(String agent, String name) {
        super(agent, name);
    }

    private record Context(String agentName, String componentName, ChannelCounter counter) implements ChannelContext {
    }

    /** Builds and starts the channel; returns false (and says why in the state) if it could not. */
    boolean start(ComponentSpec want, ChannelFactory by, long gen, long retrySeconds) {
        Channel created;
        try {
            created = by.create(want.config(agent));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            setState(ComponentState.FAILED, describe(e));
            return false;
        }
        ChannelCounter fresh = new ChannelCounter();
        try {
            created.start(new Context(agent, name, fresh));
        } catch (Exception | LinkageError e) {
            startFailed(e, retrySeconds);
            return false;
        }
        fresh.start();
        spec = want;
        counter = fresh;
        channel = created;
        running(by, gen);
        LOG.info("[{}] channel started ({})", label(), want.type());
        return true;
    }

    /** Applies new settings in place; on a refusal the channel keeps its old settings. */
    void reconfigure(ComponentSpec want, long gen) {
        try {
            if (channel.reconfigure(want.config(agent))) {
                spec = want;
                generation = gen;
                LOG.info("[{}] reconfigured in place, keeping its {} events", label(), channel.size());
                return;
            }
            LOG.error("[{}] the channel took back its promise to take the change in place; it keeps its settings",
                    label());
        } catch (ConfigurationException | RuntimeException e) {
            LOG.error("[{}] reconfiguring in place failed, the channel keeps its settings: {}", label(), e.toString());
        }
    }

    void stop() {
        try {
            channel.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}] channel stop failed: {}", label(), e.toString(), e);
        }
        counter.stop();
        channel = null;
        stopped();
        LOG.info("[{}] channel stopped", label());
    }
}

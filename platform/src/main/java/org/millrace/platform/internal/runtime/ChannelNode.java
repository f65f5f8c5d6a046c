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
    /** A spec the running instance failed to take in place although it said it could; the next plan replaces it. */
    ComponentSpec refusedInPlace;

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
            createFailed(e);
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
        refusedInPlace = null;
        running(by, gen);
        LOG.info("[{}] channel started ({})", label(), want.type());
        return true;
    }

    /**
     * Applies new settings in place.
     *
     * @return false if the channel refused after all: it keeps its old settings, and the next plan replaces it
     */
    boolean reconfigure(ComponentSpec want, long gen) {
        String failure;
        try {
            if (channel.reconfigure(want.config(agent))) {
                spec = want;
                generation = gen;
                LOG.info("[{}] reconfigured in place, keeping its {} events", label(), channel.size());
                return true;
            }
            failure = "the channel refused the change it said it could take";
        } catch (ConfigurationException | RuntimeException e) {
            failure = e.toString();
        }
        refusedInPlace = want;
        LOG.error("[{}] reconfiguring in place failed ({}); it keeps its settings and is replaced next", label(),
                failure);
        return false;
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

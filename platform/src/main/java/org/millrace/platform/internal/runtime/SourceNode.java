package org.millrace.platform.internal.runtime;

import org.millrace.api.ChannelProcessor;
import org.millrace.api.ConfigurationException;
import org.millrace.api.PollableSource;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.SourceFactory;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.SourceSpec;
import org.millrace.platform.internal.plan.RunningFlow.LiveRoute;

/** A declared source, its running instance and the channel processor it delivers through. */
final class SourceNode extends Node {
    SourceSpec spec;
    Source source;
    SourceCounter counter;
    /** Outlives source instances: a rewired source keeps delivering through it. */
    final FlowChannelProcessor processor;
    SourcePoller poller;
    /** What the installed route was built from, or {@code null} while deliveries are held. */
    LiveRoute route;

    SourceNode(String agent, String name) {
        super(agent, name);
        processor = new FlowChannelProcessor(agent + "/" + name);
    }

    private record Context(String agentName, String componentName, ChannelProcessor channelProcessor,
            SourceCounter counter) implements SourceContext {
    }

    /** Builds and starts the source, its route already installed; false (and why) if it could not. */
    boolean start(SourceSpec want, SourceFactory by, long gen, long retrySeconds) {
        Source created;
        try {
            created = by.create(want.component().config(agent));
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            createFailed(e);
            return false;
        }
        SourceCounter fresh = new SourceCounter();
        try {
            created.start(new Context(agent, name, processor, fresh));
        } catch (Exception | LinkageError e) {
            startFailed(e, retrySeconds);
            return false;
        }
        fresh.start();
        spec = want;
        source = created;
        counter = fresh;
        running(by, gen);
        if (created instanceof PollableSource pollable) {
            poller = new SourcePoller(label(), "millrace-" + agent + "-" + name, pollable);
            poller.start();
        }
        LOG.info("[{}] source started ({})", label(), want.component().type());
        return true;
    }

    /** Holds deliveries back until a route is installed again (they wait, then fail as a full channel would). */
    void holdDeliveries(String why) {
        RouteAssembly.retire(processor.withdraw(why));
        route = null;
    }

    /** Stops the source after its deliveries in progress; its route is withdrawn. */
    void stop() {
        if (poller != null) {
            poller.stop();
            poller = null;
        }
        try {
            source.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}] source stop failed: {}", label(), e.toString(), e);
        }
        holdDeliveries("the source is stopped");
        counter.stop();
        source = null;
        stopped();
        LOG.info("[{}] source stopped", label());
    }
}

package org.millrace.platform.internal.runtime;

import java.util.Objects;
import org.millrace.api.ConfigurationException;
import org.millrace.platform.ComponentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One declared component of a running agent and the live instance behind it, if any. Written and read on the
 * agent's control thread only; other threads see it through the status the control thread publishes.
 */
abstract class Node {
    protected static final Logger LOG = LoggerFactory.getLogger(Node.class);

    final String agent;
    final String name;
    String type = "";
    ComponentState state = ComponentState.STOPPED;
    String reason;
    long startTime;
    long generation;
    /** The factory that built the running instance. */
    Object factory;
    int failures;

    Node(String agent, String name) {
        this.agent = agent;
        this.name = name;
    }

    /** {@code agent/name}, as log lines show it. */
    final String label() {
        return agent + "/" + name;
    }

    final void setState(ComponentState newState, String why) {
        if (newState == ComponentState.WAITING_FOR_TYPE && (state != newState || !Objects.equals(reason,
                why))) {
            // said once per cause: its channels keep filling meanwhile, and nothing else would tell
            LOG.warn("[{}] waits: {}. Its channels keep what they hold, up to their capacity, until a bundle"
                    + " provides the type (feature:install, or a JAR in deploy/)", label(), why);
        }
        state = newState;
        reason = why;
    }

    final void running(Object createdBy, long gen) {
        factory = createdBy;
        generation = gen;
        startTime = System.currentTimeMillis();
        failures = 0;
        setState(ComponentState.RUNNING, null);
    }

    void stopped() {
        factory = null;
        startTime = 0;
        setState(ComponentState.STOPPED, null);
    }

    /** Records a start that failed; the agent retries every {@code retrySeconds}. */
    final void startFailed(Throwable e, long retrySeconds) {
        setState(ComponentState.FAILED, "start failed: " + e.getMessage() + "; retrying every " + retrySeconds + " s");
        if (failures++ == 0) {
            LOG.error("[{}] start failed, retrying every {} s: {}", label(), retrySeconds, e.toString(), e);
        } else {
            LOG.warn("[{}] start failed again: {}", label(), e.toString());
        }
    }

    /**
     * Records an instance its factory could not create. Every later plan starts it again (an update, a connector
     * coming or going, another component's retry), so a failure is said once per cause.
     */
    final void createFailed(Throwable e) {
        String why = describe(e);
        if (state != ComponentState.FAILED || !Objects.equals(reason, why)) {
            logBuildFailure(label(), "not created: " + why, e);
        }
        setState(ComponentState.FAILED, why);
    }

    /**
     * Logs that something of a flow could not be built: with the stack unless its configuration was refused, for
     * a connector that throws anything else has a bug its author needs to find.
     *
     * @param label whose build failed, {@code agent/name}
     */
    static void logBuildFailure(String label, String what, Throwable e) {
        if (e instanceof ConfigurationException) {
            LOG.error("[{}] {}", label, what);
        } else {
            LOG.error("[{}] {}", label, what, e);
        }
    }

    /** A configuration problem's message, or the throwable itself for anything else. */
    static String describe(Throwable e) {
        return e instanceof ConfigurationException ? e.getMessage() : e.toString();
    }
}

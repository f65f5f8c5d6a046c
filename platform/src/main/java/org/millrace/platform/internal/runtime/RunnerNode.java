package org.millrace.platform.internal.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Sink;
import org.millrace.api.SinkProcessor;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.plan.RunnerSpec;

/**
 * A sink runner: a processor over stand-ins for its member sinks, and the thread that drives it. The thread can
 * pause (while a member or its channel is replaced) and resume with the same processor.
 */
final class RunnerNode extends Node {
    RunnerSpec spec;
    SinkProcessor processor;
    /** The thread driving the processor, or {@code null} while paused. */
    SinkRunner runner;
    private final Map<String, MemberSink> members = new LinkedHashMap<>();

    RunnerNode(String agent, String name) {
        super(agent, name);
    }

    /** Builds the processor over the member sinks and starts driving it; false (and why) if it could not. */
    boolean start(RunnerSpec want, SinkProcessorFactory by, Map<String, SinkNode> sinks, long gen,
            long retrySeconds) {
        members.clear();
        Map<String, Sink> stand = new LinkedHashMap<>();
        for (String m : want.members()) {
            MemberSink member = new MemberSink(sinks.get(m).sink);
            members.put(m, member);
            stand.put(m, member);
        }
        SinkProcessor created;
        try {
            created = by.create(want.processor().config(agent), stand);
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            createFailed(e);
            return false;
        }
        try {
            created.start();
        } catch (RuntimeException | LinkageError e) {
            startFailed(e, retrySeconds);
            return false;
        }
        processor = created;
        spec = want;
        running(by, gen);
        resume(sinks);
        return true;
    }

    /** Whether every member sink and its channel run, so a runner can drive them. */
    static boolean membersRun(List<String> members, Map<String, SinkNode> sinks) {
        return members.stream().map(sinks::get).allMatch(s -> s != null && s.sink != null && s.channel != null
                && s.channel.channel != null);
    }

    /** Stops the thread after its call in progress; the processor keeps its state. */
    void pause(String why) {
        if (runner != null) {
            runner.stop();
            runner = null;
        }
        setState(ComponentState.WAITING, why);
    }

    /** Points the stand-ins at the members' current instances and drives them again, if they all run. */
    void resume(Map<String, SinkNode> sinks) {
        if (!membersRun(spec.members(), sinks)) {
            String down = spec.members().stream().filter(m -> sinks.get(m) == null || sinks.get(m).sink == null)
                    .findFirst().map(m -> "sink " + m + " is not running").orElse("a member's channel is not running");
            setState(ComponentState.WAITING, down);
            return;
        }
        if (runner != null) {
            return;
        }
        members.forEach((m, member) -> member.target(sinks.get(m).sink));
        List<SinkNode> drained = spec.members().stream().map(sinks::get).toList();
        runner = new SinkRunner(label(), "millrace-" + agent + "-" + name, processor, () -> single(drained));
        runner.start();
        setState(ComponentState.RUNNING, null);
    }

    /** The one channel every member drains, for the runner to wait on when idle; null if several. */
    private static Channel single(List<SinkNode> drained) {
        Channel only = null;
        for (SinkNode s : drained) {
            ChannelNode c = s.channel;
            Channel ch = c == null ? null : c.channel;
            if (ch == null || (only != null && only != ch)) {
                return null;
            }
            only = ch;
        }
        return only;
    }

    /** Stops the thread and the processor. */
    void stop() {
        pause(null);
        try {
            processor.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("[{}] sink processor stop failed: {}", label(), e.toString(), e);
        }
        processor = null;
        stopped();
    }
}

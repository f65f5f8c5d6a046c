package org.millrace.platform.internal.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.Resource;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.SinkSpec;
import org.millrace.platform.internal.flow.SourceSpec;

/**
 * What an agent runs, as its control thread last left it: each started component with the spec and the factory
 * it was built from. The planner's view of the running side; taken on the control thread, never changed.
 *
 * @param channels started channels by name
 * @param sources started sources by name
 * @param sinks started sinks by name
 * @param runners started sink runners by {@link RunnerSpec#key()}
 * @param parked events of channels that had to stop with nowhere to go, by channel name
 */
public record RunningFlow(Map<String, LiveChannel> channels, Map<String, LiveSource> sources,
        Map<String, LiveSink> sinks, Map<String, LiveRunner> runners, Map<String, Integer> parked) {

    /** The snapshot; maps are copied. */
    public RunningFlow {
        channels = copy(channels);
        sources = copy(sources);
        sinks = copy(sinks);
        runners = copy(runners);
        parked = copy(parked);
    }

    /** An agent that runs nothing. */
    public static RunningFlow nothing() {
        return new RunningFlow(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * A started channel. The instance answers the plan's questions (can it take a change in place, is it
     * durable, how many events it holds, what it stores them in); the plan only asks.
     *
     * @param refusedInPlace a spec the instance failed to take in place although it said it could, or {@code null}:
     *     the next plan replaces it instead of trying again
     */
    public record LiveChannel(ComponentSpec spec, Object factory, Channel instance, ComponentSpec refusedInPlace) {
    }

    /**
     * A started source.
     *
     * @param route what its installed route was built from, or {@code null} while its deliveries are held back
     */
    public record LiveSource(SourceSpec spec, Object factory, List<Resource> resources, LiveRoute route) {
    }

    /**
     * What a source's installed route was built from.
     *
     * @param factories the selector's factory, then each interceptor's, in order
     */
    public record LiveRoute(SourceSpec wiring, List<Object> factories) {
    }

    /** A started sink. */
    public record LiveSink(SinkSpec spec, Object factory, List<Resource> resources) {
    }

    /** A started sink runner, with the factory of its processor. */
    public record LiveRunner(RunnerSpec spec, Object factory) {
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

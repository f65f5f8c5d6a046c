package org.millrace.platform.internal.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SinkGroupSpec;
import org.millrace.platform.internal.flow.SinkSpec;

/**
 * What one sink runner thread drives: a sink group's processor over its member sinks, or Flume's default
 * processor over a sink that belongs to no group.
 *
 * @param key {@code group <name>} or {@code sink <name>}, unique in an agent
 * @param group the group, or {@code null} for a lone sink
 * @param members the member sinks in configured order
 * @param processor the processor's spec
 */
public record RunnerSpec(String key, SinkGroupSpec group, List<String> members, ComponentSpec processor) {

    /** The spec; the member list is copied. */
    public RunnerSpec {
        members = List.copyOf(members);
    }

    /** The name the runner goes by: its group's, or its sink's. */
    public String name() {
        return group == null ? members.get(0) : group.name();
    }

    /** The runners a model wants: one per sink group that may run, one per sink outside every group. */
    public static Map<String, RunnerSpec> of(FlowModel model) {
        Map<String, RunnerSpec> wanted = new LinkedHashMap<>();
        for (SinkGroupSpec g : model.sinkGroups().values()) {
            if (model.refusal(ComponentKind.SINK_GROUP, g.name()).isEmpty() && !g.sinks().isEmpty()) {
                wanted.put("group " + g.name(), new RunnerSpec("group " + g.name(), g, g.sinks(), g.processor()));
            }
        }
        for (SinkSpec s : model.sinks().values()) {
            String n = s.component().name();
            if (wanted.values().stream().noneMatch(r -> r.members().contains(n))) {
                wanted.put("sink " + n, new RunnerSpec("sink " + n, null, List.of(n), new ComponentSpec("processor",
                        "default", model.keyPrefix() + "sinks." + n + ".", Map.of())));
            }
        }
        return wanted;
    }
}

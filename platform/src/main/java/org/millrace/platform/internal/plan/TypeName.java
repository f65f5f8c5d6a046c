package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SourceSpec;

/** A connector type a flow names: its kind and the name as written. */
public record TypeName(ConnectorKind kind, String type) {

    /** Every type a model names, in configuration order, without repeats; components without a type left out. */
    public static List<TypeName> in(FlowModel model) {
        List<TypeName> named = new ArrayList<>();
        model.channels().values().forEach(c -> add(named, ConnectorKind.CHANNEL, c));
        for (SourceSpec s : model.sources().values()) {
            add(named, ConnectorKind.SOURCE, s.component());
            add(named, ConnectorKind.SELECTOR, s.selector());
            s.interceptors().forEach(i -> add(named, ConnectorKind.INTERCEPTOR, i));
        }
        model.sinks().values().forEach(s -> add(named, ConnectorKind.SINK, s.component()));
        RunnerSpec.of(model).values().forEach(r -> add(named, ConnectorKind.SINK_PROCESSOR, r.processor()));
        return named;
    }

    private static void add(List<TypeName> named, ConnectorKind kind, ComponentSpec spec) {
        TypeName name = new TypeName(kind, spec.type());
        if (!spec.type().isEmpty() && !named.contains(name)) {
            named.add(name);
        }
    }
}

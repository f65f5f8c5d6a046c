package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceFactory;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SinkGroupSpec;
import org.millrace.platform.internal.flow.SourceSpec;

/**
 * Checks a flow model against the installed connectors without running it: each component is created by its
 * factory (side-effect free by contract) and discarded, so every connector-level problem (a bad number, an
 * unknown enum value, a regex that does not compile) is found before anything changes.
 */
public final class FlowValidator {
    /** One connector-level problem, and the component it refuses. */
    record Problem(ComponentKind kind, String component, ConfigProblem problem) {
    }

    /** Type names no installed bundle provides yet, as warnings. */
    record MissingType(ComponentKind kind, String component, ConfigProblem problem) {
    }

    private final FlowModel model;
    private final ConnectorCatalog catalog;
    private final List<Problem> problems = new ArrayList<>();
    private final List<MissingType> missing = new ArrayList<>();

    private FlowValidator(FlowModel model, ConnectorCatalog catalog) {
        this.model = model;
        this.catalog = catalog;
    }

    /**
     * Validates the components {@code check} selects. Components the model refuses already are only checked for
     * an installed type.
     */
    static FlowValidator check(FlowModel model, ConnectorCatalog catalog, Predicate<Object> check) {
        FlowValidator v = new FlowValidator(model, catalog);
        String agent = model.agentName();
        model.channels().values().stream().filter(check)
                .forEach(c -> v.create(ComponentKind.CHANNEL, c.name(), ConnectorCatalog.Kind.CHANNEL, c,
                        (ChannelFactory f) -> f.create(c.config(agent))));
        model.sources().values().stream().filter(check).forEach(s -> v.source(agent, s));
        model.sinks().values().stream().filter(check)
                .forEach(s -> v.create(ComponentKind.SINK, s.component().name(), ConnectorCatalog.Kind.SINK,
                        s.component(), (SinkFactory f) -> f.create(s.component().config(agent))));
        model.sinkGroups().values().stream().filter(check).forEach(g -> v.group(agent, g));
        return v;
    }

    /**
     * Everything wrong with a model, checked against the installed connectors without running it: the model's
     * errors, what connectors refuse, then warnings (ignored keys, types no installed bundle provides).
     */
    public static List<String> describe(FlowModel model, ConnectorCatalog catalog) {
        FlowValidator v = check(model, catalog, spec -> true);
        List<String> out = new ArrayList<>();
        model.errors().forEach(f -> out.add("ERROR " + f));
        v.problems.forEach(p -> out.add("ERROR " + p.problem()));
        model.warnings().forEach(f -> out.add("WARNING " + f));
        v.missing.forEach(m -> out.add("WARNING " + m.problem()));
        return out;
    }

    List<Problem> problems() {
        return problems;
    }

    private void source(String agent, SourceSpec s) {
        String name = s.component().name();
        create(ComponentKind.SOURCE, name, ConnectorCatalog.Kind.SOURCE, s.component(),
                (SourceFactory f) -> f.create(s.component().config(agent)));
        for (ComponentSpec i : s.interceptors()) {
            create(ComponentKind.SOURCE, name, ConnectorCatalog.Kind.INTERCEPTOR, i,
                    (InterceptorFactory f) -> f.create(i.config(agent)));
        }
        Map<String, org.millrace.api.Channel> channels = new LinkedHashMap<>();
        s.channels().forEach(c -> channels.put(c, Placeholders.channel()));
        create(ComponentKind.SOURCE, name, ConnectorCatalog.Kind.SELECTOR, s.selector(),
                (ChannelSelectorFactory f) -> f.create(s.selector().config(agent), channels));
    }

    private void group(String agent, SinkGroupSpec g) {
        Map<String, org.millrace.api.Sink> sinks = new LinkedHashMap<>();
        g.sinks().forEach(k -> sinks.put(k, Placeholders.sink()));
        create(ComponentKind.SINK_GROUP, g.name(), ConnectorCatalog.Kind.SINK_PROCESSOR, g.processor(),
                (SinkProcessorFactory f) -> f.create(g.processor().config(agent), sinks));
    }

    /** Creates one component with its factory, if installed, recording what it refuses. */
    private <F> void create(ComponentKind kind, String component, ConnectorCatalog.Kind factoryKind,
            ComponentSpec spec, Creation<F> creation) {
        if (spec.type().isEmpty()) {
            return; // the model reports the missing type
        }
        F factory = catalog.find(factoryKind, spec.type());
        if (factory == null) {
            missing.add(new MissingType(kind, component, new ConfigProblem(spec.keyPrefix() + "type", spec.type(),
                    "no installed bundle provides " + factoryKind.word() + " type '" + spec.type() + "'")));
            return;
        }
        if (model.refusal(kind, component).isPresent()) {
            return;
        }
        try {
            creation.create(factory);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> problems.add(new Problem(kind, component, p)));
        } catch (RuntimeException | LinkageError e) {
            problems.add(new Problem(kind, component, new ConfigProblem(spec.keyPrefix() + "type", spec.type(),
                    "the " + factoryKind.word() + " factory failed: " + e)));
        }
    }

    /** A factory call. */
    @FunctionalInterface
    interface Creation<F> {
        /** Creates and discards a component. */
        void create(F factory) throws ConfigurationException;
    }
}

package org.millrace.platform.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.Resource;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.SinkSpec;
import org.millrace.platform.internal.flow.SourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component of a model tried against the installed connectors without running it: its factory builds it
 * (side-effect free by contract) and the instance is discarded. What that finds: the factory, the problems it
 * refuses the configuration with, plug-in types it waits for, keys it ignores, and the resources the component
 * would hold.
 *
 * @param factory the component's factory, or {@code null} if no installed bundle provides its type
 * @param routeFactories for a source: its selector's factory then each interceptor's ({@code null} where missing)
 * @param errors problems that refuse the component itself
 * @param routeErrors for a source: problems that refuse its selector or an interceptor
 * @param missing types it needs that no installed bundle provides (its own, its route's, or a plug-in's)
 * @param waitsFor plug-in types its factory needs and no installed bundle provides (e.g. a serializer)
 * @param ignored keys the component does not read
 * @param resources what it would hold once started
 */
public record ComponentCheck(Object factory, List<Object> routeFactories, List<ConfigProblem> errors,
        List<ConfigProblem> routeErrors, List<ConfigProblem> missing, List<ConfigProblem> waitsFor, List<ConfigProblem> ignored,
        List<Resource> resources) {

    /** Tries a channel. */
    static ComponentCheck channel(String agent, ComponentSpec spec, Connectors connectors) {
        Trial t = new Trial(agent, connectors);
        ChannelFactory f = t.factory(ConnectorKind.CHANNEL, spec);
        Channel channel = t.build(spec, f, config -> f.create(config));
        return t.result(f, List.of(), channel == null ? List.of() : channel.resources());
    }

    /** Tries a source, its interceptors and its selector. */
    static ComponentCheck source(String agent, SourceSpec spec, Connectors connectors) {
        Trial t = new Trial(agent, connectors);
        SourceFactory f = t.factory(ConnectorKind.SOURCE, spec.component());
        Source source = t.build(spec.component(), f, config -> f.create(config));
        List<Object> route = new ArrayList<>();
        ChannelSelectorFactory selector = t.factory(ConnectorKind.SELECTOR, spec.selector());
        route.add(selector);
        Map<String, Channel> channels = new LinkedHashMap<>();
        spec.channels().forEach(c -> channels.put(c, Placeholders.channel()));
        t.inRoute = true;
        t.build(spec.selector(), selector, config -> selector.create(config, channels));
        for (ComponentSpec i : spec.interceptors()) {
            InterceptorFactory interceptor = t.factory(ConnectorKind.INTERCEPTOR, i);
            route.add(interceptor);
            t.build(i, interceptor, config -> interceptor.create(config));
        }
        return t.result(f, route, source == null ? List.of() : source.resources());
    }

    /** Tries a sink. */
    static ComponentCheck sink(String agent, SinkSpec spec, Connectors connectors) {
        Trial t = new Trial(agent, connectors);
        SinkFactory f = t.factory(ConnectorKind.SINK, spec.component());
        Sink sink = t.build(spec.component(), f, config -> f.create(config));
        return t.result(f, List.of(), sink == null ? List.of() : sink.resources());
    }

    /** Tries a runner's processor over stand-ins for its member sinks. */
    static ComponentCheck processor(String agent, RunnerSpec spec, Connectors connectors) {
        Trial t = new Trial(agent, connectors);
        SinkProcessorFactory f = t.factory(ConnectorKind.SINK_PROCESSOR, spec.processor());
        Map<String, Sink> members = new LinkedHashMap<>();
        spec.members().forEach(m -> members.put(m, Placeholders.sink()));
        t.build(spec.processor(), f, config -> f.create(config, members));
        return t.result(f, List.of(), List.of());
    }

    /** A factory call on a config. */
    @FunctionalInterface
    private interface Build<T> {
        T build(ComponentConfig config) throws ConfigurationException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ComponentCheck.class);
    /**
     * The factory failure last logged with its stack, by agent, component key and type: a flow is planned again whenever
     * connectors come or go, and the same failure is logged once. Forgotten when the component builds.
     */
    private static final Map<String, String> LOGGED_FAILURES = new ConcurrentHashMap<>();

    /** What one check finds so far. */
    private static final class Trial {
        private final String agent;
        private final Connectors connectors;
        private final List<ConfigProblem> errors = new ArrayList<>();
        private final List<ConfigProblem> routeErrors = new ArrayList<>();
        /** Whether what is built now is a source's selector or interceptor. */
        private boolean inRoute;
        private final List<ConfigProblem> missing = new ArrayList<>();
        private final List<ConfigProblem> waitsFor = new ArrayList<>();
        private final List<ConfigProblem> ignored = new ArrayList<>();

        Trial(String agent, Connectors connectors) {
            this.agent = agent;
            this.connectors = connectors;
        }

        <F> F factory(ConnectorKind kind, ComponentSpec spec) {
            if (spec.type().isEmpty()) {
                return null; // the model reports the missing type key
            }
            F f = connectors.find(kind, spec.type());
            if (f == null) {
                missing.add(ConfigProblem.typeNotInstalled(spec.keyPrefix() + "type", spec.type(), kind.word()));
            }
            return f;
        }

        <T> T build(ComponentSpec spec, Object factory, Build<T> build) {
            if (factory == null) {
                return null;
            }
            ComponentConfig config = spec.config(agent);
            // with the type: a lone sink's runner has the sink's key prefix
            String logKey = agent + " " + spec.keyPrefix() + "type = " + spec.type();
            try {
                T built = build.build(config);
                LOGGED_FAILURES.remove(logKey);
                ignored.addAll(config.ignoredProperties());
                return built;
            } catch (ConfigurationException e) {
                for (ConfigProblem p : e.problems()) {
                    if (p.missingType()) {
                        missing.add(p);
                        waitsFor.add(p);
                    } else {
                        (inRoute ? routeErrors : errors).add(p);
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                // the refusal names the exception; its author needs where it was thrown
                if (!e.toString().equals(LOGGED_FAILURES.put(logKey, e.toString()))) {
                    LOG.error("[{}] {}type = {}: its factory threw while building it", agent, spec.keyPrefix(),
                            spec.type(), e);
                }
                (inRoute ? routeErrors : errors).add(new ConfigProblem(spec.keyPrefix() + "type", spec.type(),
                        "its factory failed: " + e));
            }
            return null;
        }

        ComponentCheck result(Object factory, List<Object> route, List<Resource> resources) {
            return new ComponentCheck(factory, java.util.Collections.unmodifiableList(new ArrayList<>(route)),
                    List.copyOf(errors), List.copyOf(routeErrors), List.copyOf(missing), List.copyOf(waitsFor),
                    List.copyOf(ignored), List.copyOf(resources));
        }
    }
}

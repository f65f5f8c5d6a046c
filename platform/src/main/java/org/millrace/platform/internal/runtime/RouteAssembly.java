package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.platform.internal.flow.ComponentSpec;
import org.millrace.platform.internal.flow.SourceSpec;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.Connectors;
import org.millrace.platform.internal.plan.RunningFlow.LiveRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a source's route from its running channels and the installed selector and interceptor types, and
 * installs it in the source's channel processor.
 */
final class RouteAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAssembly.class);

    private RouteAssembly() {
    }

    /**
     * Builds and installs the route the spec describes.
     *
     * @return {@code null} once installed, else why it could not be built (nothing is installed then)
     */
    static String install(SourceNode node, SourceSpec spec, Map<String, ChannelNode> channels, Connectors connectors,
            Taps taps) {
        Map<String, Channel> wired = new LinkedHashMap<>();
        Map<Channel, String> names = new LinkedHashMap<>();
        Map<Channel, TapPoint> channelTaps = new LinkedHashMap<>();
        for (String c : spec.channels()) {
            ChannelNode channel = channels.get(c);
            if (channel == null || channel.channel == null) {
                return "its channel " + c + " is not running";
            }
            wired.put(c, channel.channel);
            names.put(channel.channel, c);
            channelTaps.put(channel.channel, taps.channel(c));
        }
        List<Object> factories = new ArrayList<>();
        ChannelSelectorFactory selectorFactory = connectors.find(ConnectorKind.SELECTOR, spec.selector().type());
        if (selectorFactory == null) {
            return "no installed bundle provides channel selector type '" + spec.selector().type() + "'";
        }
        factories.add(selectorFactory);
        List<InterceptorFactory> interceptorFactories = new ArrayList<>();
        for (ComponentSpec i : spec.interceptors()) {
            InterceptorFactory f = connectors.find(ConnectorKind.INTERCEPTOR, i.type());
            if (f == null) {
                return "no installed bundle provides interceptor type '" + i.type() + "' (interceptor " + i.name() + ")";
            }
            interceptorFactories.add(f);
            factories.add(f);
        }
        List<Interceptor> chain = new ArrayList<>();
        try {
            ChannelSelector selector = selectorFactory.create(spec.selector().config(node.agent), wired);
            for (int i = 0; i < spec.interceptors().size(); i++) {
                Interceptor interceptor = interceptorFactories.get(i).create(spec.interceptors().get(i)
                        .config(node.agent));
                interceptor.initialize();
                chain.add(interceptor);
            }
            List<Channel> allRequired = selector instanceof ReplicatingSelector r ? r.allRequiredOrNull() : null;
            Route route = new Route(node.label(), spec.interceptors().stream().map(ComponentSpec::name).toList(),
                    chain, selector, names, allRequired, taps.source(node.name), channelTaps);
            retire(node.processor.install(route));
            node.route = new LiveRoute(spec, factories);
            return null;
        } catch (ConfigurationException | RuntimeException | LinkageError e) {
            chain.forEach(RouteAssembly::closeQuietly);
            String why = Node.describe(e);
            if (!why.equals(node.reason)) { // the source shows it while it waits: said once per cause
                Node.logBuildFailure(node.label(), "its route could not be built: " + why, e);
            }
            return why;
        }
    }

    /** Closes the interceptors of a route no longer in use. */
    static void retire(Route route) {
        if (route != null) {
            route.interceptors().forEach(RouteAssembly::closeQuietly);
        }
    }

    private static void closeQuietly(Interceptor interceptor) {
        try {
            interceptor.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("interceptor close failed: {}", e.toString());
        }
    }
}

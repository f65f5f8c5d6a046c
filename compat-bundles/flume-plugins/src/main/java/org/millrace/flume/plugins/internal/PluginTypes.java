package org.millrace.flume.plugins.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flume.interceptor.Interceptor;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SourceFactory;
import org.millrace.platform.MissingTypeHandler;
import org.millrace.serialization.EventSerializerFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the classes of Flume plugins types a flow can name. A plugin bundle is one wired to the Flume API this
 * bundle exports (a plugins.d folder made into a bundle, a plain JAR Karaf wrapped from deploy/). When a flow
 * names a class-name type no installed bundle provides, this looks for the class in the plugin bundles and, if it
 * is a Flume plugin of that kind, registers Millrace's adapter factory for it under the name the flow wrote; the
 * waiting components start. A plugin bundle that leaves (uninstalled, updated, refreshed) takes its types with it,
 * and the types come back from the bundle's next revision, so replacing a plugin JAR rebuilds what uses it.
 */
@Component(service = MissingTypeHandler.class, immediate = true)
public final class PluginTypes implements MissingTypeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PluginTypes.class);

    /** Every type a flow named that this may provide, kind and class name as written (class names have a case). */
    private final Set<Wanted> wanted = ConcurrentHashMap.newKeySet();
    /** What this registered for each wanted type. */
    private final Map<Wanted, Provided> provided = new ConcurrentHashMap<>();
    /** The plugin bundles, as the tracker adds them (before it counts them itself). */
    private final Set<Bundle> pluginBundles = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "millrace-flume-plugins"));
    private BundleContext context;
    private BundleTracker<Bundle> plugins;
    /** Set when deactivated: nothing is registered after that. */
    private boolean closed;

    private record Wanted(String kind, String type) {
    }

    private record Provided(Bundle bundle, ServiceRegistration<?> registration) {
    }

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
        plugins = new BundleTracker<>(context, Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                if (!usesFlumeApi(bundle)) {
                    return null;
                }
                pluginBundles.add(bundle);
                worker.execute(() -> provideWanted(bundle));
                return bundle;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                pluginBundles.remove(bundle);
                // not on the event's thread: a bundle refresh holds the framework's lock while it stops the bundle,
                // and withdrawing waits for the agents to stop the plugin's components, while an agent starting a
                // plugin may be loading a class through DynamicImport-Package, which waits for that lock
                worker.execute(() -> withdraw(bundle));
            }
        };
        plugins.open();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            closed = true;
        }
        plugins.close(); // queues the withdrawal of every plugin bundle's types
        worker.shutdown();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public void missing(String agent, String kind, String type) {
        Wanted w = new Wanted(kind, type);
        if (PluginKind.of(kind) == null || !type.contains(".") || provided.containsKey(w)) {
            return;
        }
        // looked for again each time a flow is planned without it, not only when a plugin bundle arrives: a class
        // that could not be loaded then (a dependency missing) may load now
        boolean first = wanted.add(w);
        worker.execute(() -> {
            if (!provide(w, List.copyOf(pluginBundles)) && first) {
                LOG.info("No Flume plugin holds the {} class '{}': put its JAR into plugins.d/<plugin>/lib/ (its "
                        + "dependencies into libext/) or into deploy/, and it is used when it arrives", kind, type);
            }
        });
    }

    /** Provides the wanted types a plugin bundle that arrived holds. */
    private void provideWanted(Bundle arrived) {
        for (Wanted w : wanted) {
            provide(w, List.of(arrived));
        }
    }

    /**
     * Registers the factory for a type if one of these plugin bundles holds its class; whether the type is
     * provided now.
     */
    private synchronized boolean provide(Wanted w, List<Bundle> candidates) {
        if (closed || provided.containsKey(w)) {
            return !closed;
        }
        for (Bundle bundle : candidates) {
            Class<?> c = PluginClass.ownedBy(bundle, w.type());
            if (c != null) {
                return register(w, c, bundle);
            }
        }
        return false;
    }

    private boolean register(Wanted w, Class<?> c, Bundle bundle) {
        PluginKind kind = PluginKind.of(w.kind());
        String type = w.type();
        Object factory = kind.factory(c);
        if (factory == null) {
            LOG.warn("The class '{}' in bundle {} is not a Flume {} ({}): the {} type '{}' waits", type,
                    describe(bundle), kind.word, kind.flumeType.getName(), kind.word, type);
            return false;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ConnectorTypes.TYPE, type);
        properties.put("millrace.flume.plugin", bundle.getSymbolicName() + " " + bundle.getVersion());
        // below Millrace's own connectors (ranking 0), which answer to Flume's own class names
        properties.put(Constants.SERVICE_RANKING, -1);
        ServiceRegistration<?> registration = context.registerService(kind.service.getName(), factory, properties);
        provided.put(w, new Provided(bundle, registration));
        LOG.info("Flume plugin {} type '{}' from bundle {}, run through Millrace's Flume 1.11 API "
                + "(plugins that use Flume's node internals are not supported)", kind.word, type, describe(bundle));
        return true;
    }

    /** Unregisters the types of a bundle that left; outside the lock, as the platform stops their components. */
    private void withdraw(Bundle bundle) {
        Map<Wanted, Provided> gone = new java.util.LinkedHashMap<>();
        synchronized (this) {
            provided.forEach((w, p) -> {
                if (p.bundle().equals(bundle)) {
                    gone.put(w, p);
                }
            });
            gone.keySet().forEach(provided::remove);
        }
        gone.forEach((w, p) -> {
            p.registration().unregister();
            LOG.info("Flume plugin {} type '{}' withdrawn: bundle {} left", w.kind(), w.type(), describe(bundle));
        });
    }

    /** Whether the bundle is wired to a Flume package this bundle exports. */
    private boolean usesFlumeApi(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null || bundle.equals(context.getBundle())) {
            return false;
        }
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (wire.getProvider().getBundle().equals(context.getBundle())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
    }

    /** The kinds of Flume plugins this runs: the Flume type a class must be, and the Millrace factory it becomes. */
    private enum PluginKind {
        INTERCEPTOR("interceptor", Interceptor.Builder.class, InterceptorFactory.class) {
            @Override
            Object adapt(Class<?> c) {
                return new FlumeInterceptorFactory(c.asSubclass(Interceptor.Builder.class));
            }
        },
        SOURCE("source", org.apache.flume.Source.class, SourceFactory.class) {
            @Override
            Object adapt(Class<?> c) {
                return new FlumeSourceFactory(c.asSubclass(org.apache.flume.Source.class));
            }
        },
        SINK("sink", org.apache.flume.Sink.class, SinkFactory.class) {
            @Override
            Object adapt(Class<?> c) {
                return new FlumeSinkFactory(c.asSubclass(org.apache.flume.Sink.class));
            }
        },
        SERIALIZER("serializer", org.apache.flume.serialization.EventSerializer.Builder.class,
                EventSerializerFactory.class) {
            @Override
            Object adapt(Class<?> c) {
                return new FlumeSerializerFactory(c.asSubclass(
                        org.apache.flume.serialization.EventSerializer.Builder.class));
            }
        };

        final String word;
        final Class<?> flumeType;
        final Class<?> service;

        PluginKind(String word, Class<?> flumeType, Class<?> service) {
            this.word = word;
            this.flumeType = flumeType;
            this.service = service;
        }

        static PluginKind of(String word) {
            for (PluginKind k : values()) {
                if (k.word.equals(word)) {
                    return k;
                }
            }
            return null;
        }

        /** The Millrace factory for a class of this kind, or {@code null} if the class is not one. */
        Object factory(Class<?> c) {
            return flumeType.isAssignableFrom(c) ? adapt(c) : null;
        }

        abstract Object adapt(Class<?> c);
    }
}

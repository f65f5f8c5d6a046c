package org.millrace.karaf.installer.internal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureEvent;
import org.apache.karaf.features.FeaturesListener;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.RepositoryEvent;
import org.millrace.platform.MissingTypeHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a connector's feature when a flow names one of its types and no installed bundle provides it, as
 * {@code feature:install} would, from the registered features repositories (in the distribution, its system/
 * folder: no download). Bundles already running are not refreshed, so no running flow restarts. A feature is
 * installed for a flow at most once while this bundle runs, and a feature someone uninstalls is not installed
 * again behind their back: the flow's component waits, as it would without this bundle. Starts after Karaf's
 * boot features are in place ({@link BootFinished}), so that it never races them.
 */
@Component(service = MissingTypeHandler.class, immediate = true)
public final class ConnectorInstaller implements MissingTypeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorInstaller.class);

    /**
     * The features the installers of this bundle started to install, at most once each. Bundle-wide, as an install
     * outlives the component that started it: Karaf replaces its features service when the service's configuration
     * or the mvn: handler changes (it can do so right after a first boot), SCR then replaces this component, and
     * the old service's deployment runs on to its end. The new component installing the same feature beside it
     * would make two deployments of one feature, and Karaf then updates the first one's bundles (restarting them).
     */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private final FeaturesService features;
    private final Executor worker;
    private final Set<String> started;
    /** {@code kind:type} already looked at, so that each is handled once however often flows are applied. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Set when deactivated: installs not yet started are left to the next instance. */
    private volatile boolean closed;
    /** Features someone uninstalled since this bundle started: left so. */
    private final Set<String> uninstalled = ConcurrentHashMap.newKeySet();
    private final FeaturesListener uninstalls = new FeaturesListener() {
        @Override
        public void featureEvent(FeatureEvent event) {
            if (event.getType() == FeatureEvent.EventType.FeatureUninstalled && !event.isReplay()) {
                uninstalled.add(event.getFeature().getName());
            }
        }

        @Override
        public void repositoryEvent(RepositoryEvent event) {
            // a repository added later may declare types seen before
            if (event.getType() == RepositoryEvent.EventType.RepositoryAdded && !event.isReplay()) {
                seen.clear();
            }
        }
    };

    @Activate
    public ConnectorInstaller(@Reference FeaturesService features, @Reference BootFinished bootFinished) {
        this(features, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "millrace-connector-installer");
            t.setDaemon(true);
            return t;
        }), STARTED);
    }

    /**
     * Installs on {@code worker}: features installs take seconds, and the platform tells of types on an agent's
     * thread.
     *
     * @param started the features installs were started for, shared by the installers that follow one another
     */
    ConnectorInstaller(FeaturesService features, Executor worker, Set<String> started) {
        this.features = features;
        this.worker = worker;
        this.started = started;
        features.registerListener(uninstalls);
    }

    /**
     * Neither interrupts nor waits for an install under way: interrupting leaves the deployment running in the
     * features service anyway, and waiting would hang feature:uninstall of this bundle's own feature, which
     * deactivates this on the deployment thread the install waits for.
     */
    @Deactivate
    void deactivate() {
        closed = true;
        features.unregisterListener(uninstalls);
        if (worker instanceof ExecutorService service) {
            service.shutdown();
        }
    }

    @Override
    public void missing(String agent, String kind, String type) {
        if (seen.add(ConnectorIndex.key(kind, type))) {
            worker.execute(() -> provide(agent, kind, type));
        }
    }

    private void provide(String agent, String kind, String type) {
        if (closed) {
            return; // the next instance is told of the type when it registers
        }
        Optional<Feature> declaring;
        try {
            declaring = new ConnectorIndex(features.listFeatures()).featureOf(kind, type);
        } catch (Exception e) {
            LOG.warn("[{}] cannot list the features to find {} type '{}': {}", agent, kind, type, e.toString());
            return;
        }
        if (declaring.isEmpty()) {
            LOG.info("[{}] no feature of the registered repositories declares {} type '{}': install a bundle that"
                    + " provides it (feature:install, or a JAR in deploy/)", agent, kind, type);
            return;
        }
        Feature feature = declaring.get();
        String name = feature.getName() + "/" + feature.getVersion();
        if (features.isInstalled(feature)) {
            return; // its bundles are on their way, or stopped by someone: the component says it waits
        }
        if (uninstalled.contains(feature.getName())) {
            LOG.info("[{}] {} type '{}' is in feature {}, uninstalled while Millrace ran: not installing it again"
                    + " (feature:install {} does)", agent, kind, type, name, feature.getName());
            return;
        }
        if (!started.add(feature.getName())) {
            return;
        }
        LOG.info("[{}] installing feature {} for {} type '{}'", agent, name, kind, type);
        long start = System.nanoTime();
        try {
            features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            LOG.info("[{}] installed feature {} in {} ms", agent, name, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            LOG.warn("[{}] could not install feature {} for {} type '{}': {}", agent, name, kind, type,
                    e.toString());
        }
    }
}

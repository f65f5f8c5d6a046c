package org.millrace.karaf.installer.internal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    private final FeaturesService features;
    private final Executor worker;
    /** {@code kind:type} already looked at, so that each is handled once however often flows are applied. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Features this bundle tried to install: at most once each. */
    private final Set<String> tried = ConcurrentHashMap.newKeySet();
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
        }));
    }

    /** Installs on {@code worker}: features installs take seconds, and the platform tells of types on an agent's thread. */
    ConnectorInstaller(FeaturesService features, Executor worker) {
        this.features = features;
        this.worker = worker;
        features.registerListener(uninstalls);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        features.unregisterListener(uninstalls);
        if (worker instanceof ExecutorService service) {
            service.shutdownNow();
            service.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void missing(String agent, String kind, String type) {
        if (seen.add(ConnectorIndex.key(kind, type))) {
            worker.execute(() -> provide(agent, kind, type));
        }
    }

    private void provide(String agent, String kind, String type) {
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
        if (!tried.add(feature.getName())) {
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

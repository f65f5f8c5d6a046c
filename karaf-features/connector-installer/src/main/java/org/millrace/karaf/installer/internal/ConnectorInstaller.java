package org.millrace.karaf.installer.internal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * installed for a flow at most once while this bundle runs (an install that fails is tried again a few times,
 * for the features service's failures may pass), and a feature someone uninstalls is not installed again behind
 * their back: the flow's component waits, as it would without this bundle. Starts after Karaf's boot features are
 * in place ({@link BootFinished}), so that it never races them.
 */
@Component(service = MissingTypeHandler.class, immediate = true)
public final class ConnectorInstaller implements MissingTypeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorInstaller.class);

    /**
     * How the installs the installers of this bundle started ended: {@code true} once a feature is installed or
     * was refused for good, {@code false} if the features service never ran the install. Bundle-wide, as an
     * install outlives the component that started it: Karaf replaces its features service when the service's
     * configuration or the mvn: handler changes (it can do so right after a first boot), SCR then replaces this
     * component, and the old service either runs the install to its end or refuses it, being stopped. The next
     * component waits for that end: installing the same feature beside a running install makes two deployments
     * of one feature, and Karaf then updates the first one's bundles (restarting them).
     */
    private static final ConcurrentMap<String, CompletableFuture<Boolean>> STARTED = new ConcurrentHashMap<>();
    /** How long a replaced installer's install is waited for before its feature is left alone. */
    private static final long WAIT_FOR_OTHER_INSTALL_MINUTES = 5;
    /** When a failed listing or install is tried again, after each failure: then the type is left waiting. */
    private static final long[] RETRY_SECONDS = {2, 4, 8, 16};

    /** Runs a task later, on the installer's worker. */
    interface Later {
        void run(Runnable task, long seconds);
    }

    private final FeaturesService features;
    private final Executor worker;
    private final Later later;
    private final ConcurrentMap<String, CompletableFuture<Boolean>> started;
    /** Features whose install failed and is to be tried again: other types of theirs wait for that. */
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();
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
        this(features, worker(), STARTED);
    }

    private ConnectorInstaller(FeaturesService features, ScheduledExecutorService worker,
            ConcurrentMap<String, CompletableFuture<Boolean>> started) {
        this(features, worker, (task, seconds) -> worker.schedule(task, seconds, TimeUnit.SECONDS), started);
    }

    private static ScheduledExecutorService worker() {
        ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "millrace-connector-installer");
            t.setDaemon(true);
            return t;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the next installer is told anew
        return worker;
    }

    /**
     * Installs on {@code worker}: features installs take seconds, and the platform tells of types on an agent's
     * thread.
     *
     * @param later runs the tries again, on {@code worker}
     * @param started how the installs started ended, shared by the installers that follow one another
     */
    ConnectorInstaller(FeaturesService features, Executor worker, Later later,
            ConcurrentMap<String, CompletableFuture<Boolean>> started) {
        this.features = features;
        this.worker = worker;
        this.later = later;
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
            worker.execute(() -> provide(agent, kind, type, 0));
        }
    }

    /** @param failures how many tries for this type failed before */
    private void provide(String agent, String kind, String type, int failures) {
        if (closed) {
            return; // the next instance is told of the type when it registers
        }
        Optional<Feature> declaring;
        try {
            declaring = new ConnectorIndex(features.listFeatures()).featureOf(kind, type);
        } catch (Exception e) {
            LOG.warn("[{}] cannot list the features to find {} type '{}': {}{}", agent, kind, type, e.toString(),
                    tryAgain(failures, () -> provide(agent, kind, type, failures + 1)));
            return;
        }
        if (declaring.isEmpty()) {
            LOG.info("[{}] no feature of the registered repositories declares {} type '{}': install a bundle that"
                    + " provides it (feature:install, or a JAR in deploy/)", agent, kind, type);
            return;
        }
        Feature feature = declaring.get();
        String name = feature.getName() + "/" + feature.getVersion();
        if (failures == 0 && retrying.contains(feature.getName())) {
            return; // tried again for another of its types
        }
        if (features.isInstalled(feature)) {
            return; // its bundles are on their way, or stopped by someone: the component says it waits
        }
        if (uninstalled.contains(feature.getName())) {
            LOG.info("[{}] {} type '{}' is in feature {}, uninstalled while Millrace ran: not installing it again"
                    + " (feature:install {} does)", agent, kind, type, name, feature.getName());
            return;
        }
        CompletableFuture<Boolean> claim = claim(feature.getName());
        if (claim == null) {
            return;
        }
        LOG.info("[{}] installing feature {} for {} type '{}'", agent, name, kind, type);
        long start = System.nanoTime();
        boolean settled = true;
        try {
            features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            LOG.info("[{}] installed feature {} in {} ms", agent, name, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            if (closed || e instanceof RejectedExecutionException) {
                settled = false;
                LOG.warn("[{}] could not install feature {} for {} type '{}': {} (the features service was being "
                        + "replaced: the next installer installs it)", agent, name, kind, type, e.toString());
            } else {
                String next = tryAgain(failures, () -> {
                    retrying.remove(feature.getName());
                    provide(agent, kind, type, failures + 1);
                });
                settled = next.isEmpty();
                if (!settled) {
                    retrying.add(feature.getName());
                }
                LOG.warn("[{}] could not install feature {} for {} type '{}': {}{}", agent, name, kind, type,
                        e.toString(), settled ? "; left as it is: feature:install " + feature.getName()
                                + " installs it" : next);
            }
        } finally {
            claim.complete(settled);
        }
    }

    /**
     * Runs {@code again} later unless tries are used up; says when, for the log, or nothing if tries are used up
     * (then the failure is for good).
     */
    private String tryAgain(int failures, Runnable again) {
        if (failures >= RETRY_SECONDS.length) {
            return "";
        }
        try {
            later.run(again, RETRY_SECONDS[failures]);
        } catch (RejectedExecutionException deactivated) {
            return "; the next installer installs it";
        }
        return "; trying again in " + RETRY_SECONDS[failures] + " s";
    }

    /**
     * This installer's claim to install a feature, or {@code null} if another installer's install of it went
     * through or was refused for good. An install under way is waited for: it may end without having run.
     */
    private CompletableFuture<Boolean> claim(String feature) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        while (true) {
            CompletableFuture<Boolean> other = started.putIfAbsent(feature, mine);
            if (other == null) {
                return mine;
            }
            try {
                if (other.get(WAIT_FOR_OTHER_INSTALL_MINUTES, TimeUnit.MINUTES)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return null;
            }
            if (started.replace(feature, other, mine)) {
                return mine;
            }
        }
    }
}

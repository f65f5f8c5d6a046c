package org.millrace.flume.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a plugins.d folder as Flume's {@code flume-ng} script reads it: each sub-folder is a plugin, its JARs in
 * {@code lib/} and {@code libext/}. Each plugin becomes a bundle ({@link PluginBundle}), installed and started when
 * its folder appears, updated when a JAR changes (the types it provided are then built again from the new JARs)
 * and uninstalled when the folder or its last JAR goes. A plugin that cannot be read is logged and the others
 * are still brought in line. Its bundles stay installed when this component stops (as fileinstall leaves its own):
 * {@code bundle:uninstall} removes them.
 */
@Component(immediate = true, configurationPid = PluginFolder.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PluginFolderConfig.class)
public final class PluginFolder {
    static final String PID = "org.millrace.flume.plugins";
    private static final Logger LOG = LoggerFactory.getLogger(PluginFolder.class);

    private BundleContext context;
    private Path folder;
    private ScheduledExecutorService scanner;
    /** The fingerprints of plugin folders already logged as holding a JAR that is not whole. */
    private final Set<String> toldUnfinished = new HashSet<>();

    @Activate
    void activate(BundleContext bundleContext, PluginFolderConfig config) {
        context = bundleContext;
        folder = Paths.get(System.getProperty("karaf.base", ".")).resolve(config.directory()).normalize();
        scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "millrace-flume-plugins-folder"));
        scanner.scheduleWithFixedDelay(this::scanQuietly, 0, config.poll_interval(), TimeUnit.MILLISECONDS);
        LOG.info("Flume plugins are read from {} (one folder per plugin: lib/, libext/)", folder);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scanner.shutdownNow();
        scanner.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (IOException | RuntimeException | LinkageError e) {
            // caught whatever it is: an exception out of a scheduled task would end the scans for good
            LOG.warn("Could not read the Flume plugins folder {}: {}", folder, e.toString());
        }
    }

    /** Brings the installed plugin bundles in line with the folder. */
    void scan() throws IOException {
        Map<String, Bundle> installed = new HashMap<>();
        String prefix = PluginBundle.location(folder) + java.io.File.separator;
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(prefix)) {
                installed.put(b.getLocation(), b);
            }
        }
        List<Bundle> removed = new ArrayList<>();
        List<Bundle> added = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> dirs = Files.list(folder)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    // what is left in installed is uninstalled below: not a plugin that failed to be read
                    String location = PluginBundle.location(dir);
                    Bundle bundle = installed.remove(location);
                    try {
                        PluginBundle plugin = PluginBundle.of(dir);
                        if (plugin == null) {
                            if (bundle != null) {
                                installed.put(location, bundle); // its last JAR is gone
                            }
                        } else if (bundle != null
                                && plugin.fingerprint().equals(bundle.getHeaders("").get(PluginBundle.FINGERPRINT))) {
                            continue; // unchanged
                        } else if (unfinished(plugin)) {
                            continue; // read again at the next scan
                        } else if (bundle == null) {
                            added.add(install(plugin));
                        } else {
                            update(bundle, plugin); // it exports nothing: its new revision serves at once
                        }
                    } catch (IOException | BundleException | RuntimeException e) {
                        LOG.warn("Flume plugin in {} could not be installed or updated: {}", dir, e.toString());
                    }
                }
            }
        }
        for (Bundle gone : installed.values()) {
            try {
                gone.uninstall();
                removed.add(gone);
                LOG.info("Flume plugin {} removed: its folder or JARs are gone", gone.getSymbolicName());
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Flume plugin {} could not be uninstalled: {}", gone.getSymbolicName(), e.toString());
            }
        }
        if (!removed.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(removed);
        }
        for (Bundle b : added) {
            start(b);
        }
    }

    /**
     * Whether a JAR of the plugin is not a whole archive: still being copied (a copy is not atomic), or broken.
     * Said once for each state of the folder; the next scan reads it again.
     */
    private boolean unfinished(PluginBundle plugin) {
        String jar = plugin.unfinishedJar();
        if (jar != null && toldUnfinished.add(plugin.fingerprint())) {
            LOG.info("Flume plugin {}: {} is not a whole JAR (yet): the plugin is installed once it is",
                    plugin.name(), plugin.folder().resolve(jar));
        }
        return jar != null;
    }

    private Bundle install(PluginBundle plugin) throws IOException, BundleException {
        Path made = made(plugin);
        if (Files.isDirectory(plugin.folder().resolve("native"))) {
            LOG.warn("Flume plugin {} has a native/ folder: Millrace does not add it to java.library.path; add it "
                    + "to the JVM's library path (EXTRA_JAVA_OPTS) if the plugin needs it", plugin.name());
        }
        try (InputStream in = Files.newInputStream(made)) {
            Bundle bundle = context.installBundle(plugin.location(), in);
            LOG.info("Flume plugin {} installed from {}: {}", plugin.name(), plugin.folder(), plugin.jars());
            return bundle;
        } finally {
            Files.deleteIfExists(made);
        }
    }

    private void update(Bundle bundle, PluginBundle plugin) throws IOException, BundleException {
        Path made = made(plugin);
        try (InputStream in = Files.newInputStream(made)) {
            bundle.update(in);
            LOG.info("Flume plugin {} updated from {}: {}", plugin.name(), plugin.folder(), plugin.jars());
        } finally {
            Files.deleteIfExists(made);
        }
    }

    private static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            LOG.warn("Flume plugin {} did not start: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    /** The plugin's bundle, written into this bundle's data folder until the framework has copied it. */
    private Path made(PluginBundle plugin) throws IOException {
        Path file = context.getDataFile("plugin-" + plugin.name() + ".jar").toPath();
        try (OutputStream out = Files.newOutputStream(file)) {
            plugin.write(out, flumePackages());
        }
        return file;
    }

    /** The Flume packages this bundle exports, which every plugin bundle imports. */
    private List<String> flumePackages() {
        List<String> names = new ArrayList<>();
        for (BundleCapability c : context.getBundle().adapt(BundleWiring.class)
                .getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            String name = (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (name.startsWith("org.apache.flume")) {
                names.add(name + ";version=\"[1.11,2)\"");
            }
        }
        return names;
    }
}

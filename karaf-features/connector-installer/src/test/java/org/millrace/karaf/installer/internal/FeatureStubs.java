package org.millrace.karaf.installer.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.features.Capability;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureEvent;
import org.apache.karaf.features.FeaturesListener;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.apache.karaf.features.RepositoryEvent;

/** Features and a features service holding them, as far as the installer uses them. */
final class FeatureStubs {
    final List<Feature> available = new ArrayList<>();
    final Set<String> installed = new HashSet<>();
    final List<String> installCalls = new ArrayList<>();
    final List<FeaturesListener> listeners = new ArrayList<>();
    Exception installFailure;
    Exception listFailure;

    static Feature feature(String name, String version, String... capabilities) {
        List<Capability> caps = new ArrayList<>();
        for (String c : capabilities) {
            caps.add(() -> c);
        }
        return (Feature) Proxy.newProxyInstance(Feature.class.getClassLoader(), new Class<?>[] {Feature.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "getVersion" -> version;
                    case "getCapabilities" -> caps;
                    case "toString" -> name + "/" + version;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    FeaturesService service() {
        return (FeaturesService) Proxy.newProxyInstance(FeaturesService.class.getClassLoader(),
                new Class<?>[] {FeaturesService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "listFeatures" -> {
                        if (listFailure != null) {
                            throw listFailure;
                        }
                        yield available.toArray(new Feature[0]);
                    }
                    case "isInstalled" -> installed.contains(((Feature) args[0]).getName());
                    case "installFeature" -> {
                        Feature f = (Feature) args[0];
                        installCalls.add(f.getName() + " " + args[1]);
                        if (installFailure != null) {
                            throw installFailure;
                        }
                        installed.add(f.getName());
                        yield null;
                    }
                    case "registerListener" -> listeners.add((FeaturesListener) args[0]);
                    case "unregisterListener" -> listeners.remove(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Someone runs feature:repo-add. */
    void addRepository() {
        Repository repository = (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(),
                new Class<?>[] {Repository.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        listeners.forEach(l -> l.repositoryEvent(new RepositoryEvent(repository,
                RepositoryEvent.EventType.RepositoryAdded, false)));
    }

    /** Someone runs feature:uninstall. */
    void uninstall(String name) {
        installed.remove(name);
        Feature f = available.stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
        listeners.forEach(l -> l.featureEvent(new FeatureEvent(FeatureEvent.EventType.FeatureUninstalled, f, "root",
                false)));
    }
}

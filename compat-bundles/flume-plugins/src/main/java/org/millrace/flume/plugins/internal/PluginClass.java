package org.millrace.flume.plugins.internal;

import java.lang.reflect.InvocationTargetException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/** Finding a plugin's class in its bundle and making instances of it, as Flume does: by its public no-arg constructor. */
final class PluginClass {
    private PluginClass() {
    }

    /**
     * The class of this name that the bundle itself holds (in its own JAR or one of its Bundle-ClassPath JARs),
     * or {@code null}: a class the bundle only imports belongs to another bundle.
     */
    static Class<?> ownedBy(Bundle bundle, String className) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null || !className.contains(".")) {
            return null;
        }
        // looked up in the bundle's own class path first: loading a class the bundle does not hold would wire its
        // DynamicImport-Package to whichever bundle exports it, and a refresh of that one would then refresh this
        int dot = className.lastIndexOf('.');
        if (wiring.listResources(className.substring(0, dot).replace('.', '/'), className.substring(dot + 1)
                + ".class", BundleWiring.LISTRESOURCES_LOCAL).isEmpty()) {
            return null;
        }
        try {
            Class<?> c = bundle.loadClass(className);
            return c.getClassLoader() == wiring.getClassLoader() ? c : null;
        } catch (ClassNotFoundException | LinkageError | IllegalStateException e) {
            return null; // not there, not loadable, or the bundle was uninstalled meanwhile
        }
    }

    /** A new instance by the public no-arg constructor; what keeps it from being made is a configuration problem. */
    static <T> T instantiate(Class<T> type, ComponentConfig config) throws ConfigurationException {
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw PluginCalls.problem(config, "its constructor failed: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw PluginCalls.problem(config,
                    "it cannot be made by a public no-argument constructor, as Flume makes it: " + e);
        }
    }
}

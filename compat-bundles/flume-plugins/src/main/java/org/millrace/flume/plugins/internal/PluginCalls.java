package org.millrace.flume.plugins.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flume.Context;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;

/** How Millrace calls into a Flume plugin: with Flume's {@link Context} and with the plugin's class loader. */
final class PluginCalls {
    private PluginCalls() {
    }

    /**
     * The {@link Context} Flume gives the component: its own keys without the agent's prefix, {@code type}
     * included. Every key counts as read: Millrace cannot see which ones the plugin reads.
     */
    static Context context(ComponentConfig config) {
        Map<String, String> keys = new LinkedHashMap<>(config.passThrough(""));
        keys.put("type", config.type());
        return new Context(keys);
    }

    /**
     * Runs a lifecycle call of a plugin with its class loader as the thread's context class loader, where Flume's
     * flat class path would have found what the plugin looks up through it (ServiceLoader, JAXP, logging).
     */
    static <T> T inPluginLoader(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** A plugin's refusal of its configuration as Millrace reports it: on the type key, with the plugin's message. */
    static ConfigurationException refused(ComponentConfig config, String call, RuntimeException e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return problem(config, "the Flume plugin's " + call + " failed: " + message);
    }

    /** A problem with the plugin named by the component's type key. */
    static ConfigurationException problem(ComponentConfig config, String reason) {
        return new ConfigurationException(new ConfigProblem(config.key("type"), config.type(), reason));
    }
}

package org.millrace.flume.plugins.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flume.Context;
import org.apache.flume.NamedComponent;
import org.apache.flume.conf.Configurables;
import org.apache.flume.lifecycle.LifecycleAware;
import org.apache.flume.lifecycle.LifecycleState;
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
    static <T> T call(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** Runs a lifecycle call that returns nothing, as {@link #call}. */
    static void run(ClassLoader loader, Runnable call) {
        call(loader, () -> {
            call.run();
            return null;
        });
    }

    /**
     * A Flume component made as Flume makes it, ready to start: its no-arg constructor, {@code setName},
     * {@code configure(Context)} if it is {@code Configurable}.
     *
     * @throws ConfigurationException if it cannot be made or refuses its configuration
     */
    static <T extends NamedComponent> T configured(Class<T> type, ComponentConfig config)
            throws ConfigurationException {
        T component = PluginClass.instantiate(type, config);
        try {
            run(type.getClassLoader(), () -> {
                component.setName(config.componentName());
                Configurables.configure(component, context(config));
            });
        } catch (RuntimeException e) {
            throw refused(config, "configure", e);
        }
        return component;
    }

    /** Flume's {@code start()} of a source or sink; one that is in state ERROR after it did not start. */
    static void start(LifecycleAware component, String label) {
        run(component.getClass().getClassLoader(), component::start);
        if (component.getLifecycleState() == LifecycleState.ERROR) {
            throw new IllegalStateException("[" + label + "] the Flume plugin " + component.getClass().getName()
                    + " did not start (its state is ERROR; its own log lines say why)");
        }
    }

    /** Flume's {@code stop()} of a source or sink. */
    static void stop(LifecycleAware component) {
        run(component.getClass().getClassLoader(), component::stop);
    }

    /** Millrace's status for Flume's ({@code PollableSource.Status} and {@code Sink.Status} are both READY or BACKOFF). */
    static org.millrace.api.Status status(Enum<?> flume) {
        return flume != null && flume.name().equals("READY") ? org.millrace.api.Status.READY
                : org.millrace.api.Status.BACKOFF;
    }

    /** A plugin's failed {@code process()} as Millrace's runners take it. */
    static org.millrace.api.EventDeliveryException failed(String label, Exception e) {
        return new org.millrace.api.EventDeliveryException("[" + label + "] " + e.getMessage(), e);
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

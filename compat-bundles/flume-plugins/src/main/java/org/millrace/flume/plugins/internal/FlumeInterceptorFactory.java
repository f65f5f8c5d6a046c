package org.millrace.flume.plugins.internal;

import java.util.List;
import org.apache.flume.interceptor.Interceptor.Builder;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;

/**
 * Millrace's factory for one Flume interceptor class: as Flume does, a new {@code Builder} per interceptor,
 * {@code configure(Context)}, {@code build()}; the interceptor's {@code initialize()} when its source starts and
 * {@code close()} when it stops.
 */
public final class FlumeInterceptorFactory implements InterceptorFactory {
    private final Class<? extends Builder> builderClass;

    /** The factory for a Flume interceptor's {@code Builder} class (public for the benchmarks, outside OSGi). */
    public FlumeInterceptorFactory(Class<? extends Builder> builderClass) {
        this.builderClass = builderClass;
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        ClassLoader loader = builderClass.getClassLoader();
        Builder builder = PluginClass.instantiate(builderClass, config);
        org.apache.flume.interceptor.Interceptor flume;
        try {
            flume = PluginCalls.call(loader, () -> {
                builder.configure(PluginCalls.context(config));
                return builder.build();
            });
        } catch (RuntimeException e) {
            throw PluginCalls.refused(config, "configure or build", e);
        }
        if (flume == null) {
            throw PluginCalls.refused(config, "build", new IllegalStateException("it returned null"));
        }
        return new Adapted(flume, loader);
    }

    /** A Flume interceptor as a Millrace one; events pass as views, not copies. */
    private record Adapted(org.apache.flume.interceptor.Interceptor flume, ClassLoader loader)
            implements Interceptor {

        @Override
        public void initialize() {
            PluginCalls.run(loader, flume::initialize);
        }

        @Override
        public Event intercept(Event event) {
            return FlumeEventView.toMillrace(flume.intercept(new FlumeEventView(event)));
        }

        @Override
        public List<Event> intercept(List<Event> events) {
            return FlumeEventView.toMillrace(flume.intercept(FlumeEventView.viewsOf(events)));
        }

        @Override
        public void close() {
            PluginCalls.run(loader, flume::close);
        }
    }
}

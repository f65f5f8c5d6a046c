package org.millrace.api;

/** What the platform gives a sink when it starts. */
@org.osgi.annotation.versioning.ProviderType
public interface SinkContext extends ComponentContext {

    /** The one channel this sink drains. */
    Channel channel();

    /** The sink's counters, reported under Flume's attribute names. */
    SinkCounter counter();
}

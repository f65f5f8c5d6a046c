package org.millrace.api;

/** What the platform gives a channel when it starts. */
@org.osgi.annotation.versioning.ProviderType
public interface ChannelContext extends ComponentContext {

    /** The channel's counters, reported under Flume's attribute names. */
    ChannelCounter counter();
}

package org.millrace.api;

/** What the platform gives a source when it starts. */
@org.osgi.annotation.versioning.ProviderType
public interface SourceContext extends ComponentContext {

    /** Where the source delivers: the interceptor chain, then the selected channels. */
    ChannelProcessor channelProcessor();

    /** The source's counters, reported under Flume's attribute names. */
    SourceCounter counter();
}

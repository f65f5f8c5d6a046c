package org.millrace.api;

import java.util.List;

/**
 * Decides which of a source's channels receive an event (Flume's {@code selector.type}). Returned lists must
 * not be modified by the caller and may be shared between calls. Must be thread-safe.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ChannelSelector {

    /** Channels that must accept the event; a failure fails the source's put. */
    List<Channel> requiredChannels(Event event);

    /** Channels that should receive the event; their failures are logged and ignored. */
    List<Channel> optionalChannels(Event event);
}

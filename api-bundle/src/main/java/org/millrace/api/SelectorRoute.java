package org.millrace.api;

/**
 * One way a channel selector sends events to a channel, for pictures of the flow ({@code millrace:graph}).
 *
 * @param channel the channel's name
 * @param when when events go there, e.g. {@code state=CA}; {@code null} for every event
 * @param optional whether the channel's failures are ignored
 */
public record SelectorRoute(String channel, String when, boolean optional) {

    /** Every event to every one of these channels, all required: what a selector does unless it says otherwise. */
    public static java.util.List<SelectorRoute> toAll(java.util.List<String> channels) {
        return channels.stream().map(c -> new SelectorRoute(c, null, false)).toList();
    }
}

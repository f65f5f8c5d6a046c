package org.millrace.platform.internal.plan;

import java.util.Set;
import java.util.stream.Collectors;
import org.millrace.api.Resource;
import org.millrace.platform.internal.plan.FlowPlan.Events;
import org.millrace.platform.internal.plan.RunningFlow.LiveChannel;

/** What happens to the committed events of a running channel that stops or is replaced, and in words. */
final class ChannelEvents {
    private ChannelEvents() {
    }

    /** A channel that stops: drained first if sinks drain it; what is left kept aside or left in storage. */
    static Events leaving(LiveChannel live, boolean drained) {
        boolean durable = live.instance().isDurable();
        return drained ? (durable ? Events.DRAINED_THEN_LEFT_IN_STORAGE : Events.DRAINED_THEN_KEPT_ASIDE)
                : durable ? Events.LEFT_IN_STORAGE : Events.KEPT_ASIDE;
    }

    /**
     * A channel a new instance replaces: handed over unless durable; a durable one's stay for the new instance on
     * the same storage, else its sinks drain it first.
     */
    static Events replaced(LiveChannel live, Set<Resource> nextStorage, boolean drained) {
        if (!live.instance().isDurable()) {
            return Events.HANDED_TO_NEXT_INSTANCE;
        }
        if (Set.copyOf(live.instance().resources()).equals(nextStorage)) {
            return Events.STAY_FOR_NEXT_INSTANCE;
        }
        return drained ? Events.DRAINED_THEN_LEFT_IN_STORAGE : Events.LEFT_IN_STORAGE;
    }

    /** The fate in words, with the count of events and where durable ones stay. */
    static String describe(Events events, LiveChannel live) {
        long size = live.instance().size();
        String held = size + " committed event" + (size == 1 ? "" : "s");
        String storage = live.instance().resources().stream().map(Resource::toString)
                .collect(Collectors.joining(", "));
        return switch (events) {
            case HANDED_TO_NEXT_INSTANCE -> "its " + held + " are handed to the new instance";
            case STAY_FOR_NEXT_INSTANCE -> "its " + held + " stay in " + storage + ", where the new instance finds"
                    + " them";
            case DRAINED_THEN_KEPT_ASIDE -> "its sinks drain its " + held + " first (up to " + Planner.DRAIN_MILLIS
                    / 1000 + " s); what is left is kept aside until a channel of this name runs again";
            case DRAINED_THEN_LEFT_IN_STORAGE -> "its sinks drain its " + held + " first (up to "
                    + Planner.DRAIN_MILLIS / 1000 + " s); what is left stays in " + storage + " for a later channel"
                    + " on that storage";
            case KEPT_ASIDE -> "its " + held + " are kept aside until a channel of this name runs again";
            case LEFT_IN_STORAGE -> "its " + held + " stay in " + storage + " for a later channel on that storage";
            default -> null;
        };
    }
}

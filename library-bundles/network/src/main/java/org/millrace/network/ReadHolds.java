package org.millrace.network;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * Why a connection does not read: each reason holds it ({@code autoRead} off) until released, and it reads again only
 * when no reason is left, so a full channel and the buffer budget never undo each other's pause. Used on the
 * connection's event loop only.
 */
final class ReadHolds {
    /** The channel it delivers to is full ({@link BatchedDelivery}). */
    static final int CHANNEL_FULL = 1;
    /** The network buffers of the process hold more than their budget ({@link ServerLimits}). */
    static final int BUFFER_BUDGET = 2;

    private static final AttributeKey<Integer> HOLDS = AttributeKey.valueOf(ReadHolds.class, "holds");

    private ReadHolds() {
    }

    /** Holds the reading for this reason; whether it was not held for it already. */
    static boolean hold(Channel ch, int reason) {
        Attribute<Integer> holds = ch.attr(HOLDS);
        int now = holds.get() == null ? 0 : holds.get();
        if ((now & reason) != 0) {
            return false;
        }
        holds.set(now | reason);
        ch.config().setAutoRead(false);
        return true;
    }

    /** Releases this reason; the connection reads again if it was the last. */
    static void release(Channel ch, int reason) {
        Attribute<Integer> holds = ch.attr(HOLDS);
        int now = holds.get() == null ? 0 : holds.get() & ~reason;
        holds.set(now);
        if (now == 0) {
            ch.config().setAutoRead(true);
        }
    }

    /** Whether the reading is held for any reason: a held connection's silence is ours, not its peer's. */
    static boolean held(Channel ch) {
        Integer holds = ch.attr(HOLDS).get();
        return holds != null && holds != 0;
    }
}

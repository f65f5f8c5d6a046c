package org.millrace.platform;

/** Where a component of a running agent stands. */
public enum ComponentState {
    /** Started and working. */
    RUNNING,
    /** No installed bundle provides its type yet; it starts when one arrives. */
    WAITING_FOR_TYPE,
    /** Something it needs (its channel, a member sink, a selector or interceptor type) is not running yet. */
    WAITING,
    /** Started, but its deliveries are held back while the flow is rewired (back-pressure, nothing dropped). */
    PAUSED,
    /** Refused by validation, or failed to create or start; the reason says why. Start failures are retried. */
    FAILED,
    /** Stopped. */
    STOPPED
}

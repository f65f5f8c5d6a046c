package org.millrace.api;

/** What one call of a pollable source or a sink achieved. */
public enum Status {
    /** Work was done; call again at once. */
    READY,
    /** Nothing to do now; the runner backs off before calling again. */
    BACKOFF
}

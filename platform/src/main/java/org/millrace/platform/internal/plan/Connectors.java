package org.millrace.platform.internal.plan;

/** The connector factories installed right now: what a plan may build components with. */
public interface Connectors {

    /** The factory that provides a type name now (the highest ranked, if several); {@code null} if none. */
    <F> F find(ConnectorKind kind, String type);
}

package org.millrace.api;

/** Service properties a connector factory registers with. */
public final class ConnectorTypes {

    /**
     * Service property listing the type names a factory answers to: Flume's alias ({@code netcat}) and, where
     * Flume configs may name a class, its class name ({@code org.apache.flume.source.NetcatSource}). Matching is
     * case-insensitive, as Flume's alias lookup is.
     */
    public static final String TYPE = "millrace.type";

    private ConnectorTypes() {
    }
}

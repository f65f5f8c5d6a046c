package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.Connectors;

/**
 * The connector factories installed right now, by kind and type name. Filled from the service registry
 * (whiteboard) in Karaf, directly in tests and benchmarks. Listeners hear of every change; a removal is
 * announced synchronously so that no component of a leaving bundle outlives it.
 */
public final class ConnectorCatalog implements Connectors {

    /** Told when factories come and go. */
    public interface Listener {
        /** A factory arrived; components waiting for its types may start. */
        void factoryAdded(ConnectorKind kind, Object factory);

        /** A factory is leaving; returns once nothing it created is in use. */
        void factoryRemoved(ConnectorKind kind, Object factory);
    }

    private record Entry(ConnectorKind kind, Object factory, List<String> types, int ranking, long order,
            String provider) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long added;

    /** A catalog holding the platform's own types: the replicating selector and the default sink processor. */
    public ConnectorCatalog() {
        add(ConnectorKind.SELECTOR, new ReplicatingSelector.Factory(), ReplicatingSelector.TYPES, Integer.MIN_VALUE,
                "platform");
        add(ConnectorKind.SINK_PROCESSOR, new DefaultSinkProcessor.Factory(), DefaultSinkProcessor.TYPES, Integer.MIN_VALUE,
                "platform");
    }

    /**
     * Adds a factory; adding the same factory as the same kind again changes nothing.
     *
     * @param types the type names it answers to (matched case-insensitively)
     * @param ranking a higher ranking wins when two factories answer to one type
     * @param provider who provides it, for the console (e.g. a bundle's symbolic name)
     */
    public void add(ConnectorKind kind, Object factory, Collection<String> types, int ranking, String provider) {
        if (!kind.factoryType().isInstance(factory)) {
            throw new IllegalArgumentException(factory + " is not a " + kind.factoryType().getName());
        }
        List<String> lower = types.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
        synchronized (this) {
            if (entries.stream().anyMatch(e -> e.kind() == kind && e.factory() == factory)) {
                return; // one service bound through two references
            }
            entries.add(new Entry(kind, factory, lower, ranking, added++, provider));
        }
        listeners.forEach(l -> l.factoryAdded(kind, factory));
    }

    /** Removes a factory (of every kind it was added as); listeners have stopped its components on return. */
    public void remove(Object factory) {
        for (Entry gone : entries.stream().filter(e -> e.factory() == factory).toList()) {
            entries.remove(gone);
            listeners.forEach(l -> l.factoryRemoved(gone.kind(), factory));
        }
    }

    /** The factory for a type name, the highest ranked (then the earliest) if several; {@code null} if none. */
    @Override
    public <F> F find(ConnectorKind kind, String type) {
        String wanted = type.trim().toLowerCase(Locale.ROOT);
        Object best = entries.stream().filter(e -> e.kind() == kind && e.types().contains(wanted))
                .min(Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::order))
                .map(Entry::factory).orElse(null);
        @SuppressWarnings("unchecked")
        F factory = (F) best;
        return factory;
    }

    /** Registers a listener. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Unregisters a listener. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** {@code kind: type, type (provider)} lines for the console, sorted. */
    public List<String> describe() {
        Map<String, List<String>> lines = new TreeMap<>();
        for (Entry e : entries) {
            lines.computeIfAbsent(e.kind().word(), k -> new ArrayList<>())
                    .add(String.join(", ", e.types()) + " (" + e.provider() + ")");
        }
        List<String> out = new ArrayList<>();
        lines.forEach((kind, types) -> types.stream().sorted().forEach(t -> out.add(kind + ": " + t)));
        return out;
    }
}

package org.millrace.serialization;

import java.io.IOException;

/** Where a reader keeps the position it may resume from, so that it survives a restart (e.g. a meta file). */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface PositionTracker {

    /** Records {@code position} as the point to resume from. */
    void store(long position) throws IOException;
}

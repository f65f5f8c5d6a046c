package org.millrace.serialization;

import java.io.IOException;
import java.io.OutputStream;

/** A format with its settings checked: opens a serializer over each stream a sink writes to. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface EventFormat {

    /** A serializer writing into {@code out}. */
    EventSerializer open(OutputStream out) throws IOException;
}

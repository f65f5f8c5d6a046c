package org.millrace.serialization;

import java.io.IOException;

/** A deserializer type with its settings checked: opens a deserializer over each file a source reads. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface EventInputFormat {

    /** A deserializer reading {@code in} from its current position. */
    EventDeserializer open(ResettableInput in) throws IOException;
}

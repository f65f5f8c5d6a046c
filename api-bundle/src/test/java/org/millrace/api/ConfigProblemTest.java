package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void aMissingTypeTellsItsKindAlsoWithMoreWordsAfterItsReason() {
        ConfigProblem p = ConfigProblem.typeNotInstalled("a1.sinks.k1.sink.serializer", "com.acme.Orc$Builder",
                "serializer");
        assertEquals("serializer", p.missingKind());
        assertEquals("com.acme.Orc$Builder", p.value());
        ConfigProblem longer = new ConfigProblem(p.key(), p.value(), p.reason() + "; the sink waits", true);
        assertEquals("serializer", longer.missingKind());
        assertEquals("sink selector", ConfigProblem.typeNotInstalled("k", "x", "sink selector").missingKind());
    }

    @Test
    void otherProblemsHaveNoMissingKind() {
        assertNull(new ConfigProblem("a1.sources.r1.port", "x", "not a number").missingKind());
        assertNull(new ConfigProblem("k", "v", "no installed bundle provides serializer type 'v'").missingKind(),
                "not marked as a missing type");
        assertNull(new ConfigProblem("k", "v", "waits for something", true).missingKind());
    }
}

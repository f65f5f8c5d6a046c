package org.millrace.benchmarks.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The race in short form, as {@code mvn verify} runs it: Flume 1.11.0 and the Millrace distribution each take
 * 20,000 events over avro into a memory and a file channel, and each lets out every event it acknowledged.
 */
class AgentRaceIT {

    @Test
    void bothAgentsDeliverEverythingTheyAcknowledge() throws Exception {
        Map<String, List<AgentRace.Run>> runs = AgentRace.run(AgentRace.Options.parse(new String[] {"--short",
                "--flume-lib", "target/flume-lib", "--flume-pom", "flume/pom.xml",
                "--millrace", "../karaf-features/assembly/target/assembly", "--work", "target/race-smoke"}));
        assertEquals(List.of("memory | 100 | 1 | Flume 1.11.0", "memory | 100 | 1 | Millrace",
                "file | 100 | 1 | Flume 1.11.0", "file | 100 | 1 | Millrace"), List.copyOf(runs.keySet()));
        runs.forEach((row, results) -> results.forEach(run -> {
            assertTrue(run.acked() >= 20_000, row + " acknowledged only " + run.acked());
            assertEquals(run.acked(), run.drained(), row + ": events acknowledged but not let out of the channel");
        }));
    }
}

package org.millrace.benchmarks.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up race in short form, as {@code mvn verify} runs it: Flume 1.11.0 and the Millrace distribution (edge
 * profile) each start fresh, warm and after kill -9 once, and each time answer on their port, within the minute.
 */
class StartupRaceIT {

    @Test
    void bothAgentsAnswerAfterAFreshAWarmAndACrashStart() throws Exception {
        Map<String, List<StartupRace.Sample>> samples = StartupRace.run(StartupRace.Options.parse(new String[] {
                "--short", "--flume-lib", "target/flume-lib", "--flume-pom", "flume/pom.xml",
                "--millrace", "../karaf-features/assembly/target/assembly", "--work", "target/startup-smoke"}));
        assertEquals(List.of("flume | fresh", "flume | warm", "flume | crash", "millrace-edge | fresh",
                "millrace-edge | warm", "millrace-edge | crash"), List.copyOf(samples.keySet()));
        samples.forEach((row, list) -> {
            assertEquals(1, list.size(), row);
            StartupRace.Sample sample = list.get(0);
            assertTrue(sample.millis() > 0 && sample.millis() < 60_000, row + ": " + sample.millis() + " ms");
            assertTrue(row.endsWith("crash") || sample.rssKb() > 10_000, row + ": RSS " + sample.rssKb() + " kB");
        });
    }
}

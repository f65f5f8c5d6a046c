package org.millrace.channel.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Channel;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;

class SelectorsTest {
    private final Map<String, Channel> channels = new LinkedHashMap<>();

    SelectorsTest() {
        for (String name : List.of("c1", "c2", "c3", "c4")) {
            channels.put(name, new QueueChannel());
        }
    }

    private List<Channel> named(String... names) {
        return java.util.Arrays.stream(names).map(channels::get).toList();
    }

    private ChannelSelector multiplexing(Map<String, String> properties) throws ConfigurationException {
        return new MultiplexingSelectorFactory().create(new org.millrace.api.ComponentConfig("a1", "r1",
                "multiplexing", "a1.sources.r1.selector.", properties), channels);
    }

    private static Event withState(String state) {
        return state == null ? Event.of("x") : Event.of(Map.of("State", state), new byte[0]);
    }

    /** The user guide's example: selector.header = State, CZ -> c1, US -> c2 c3, default c4, optional CZ -> c3. */
    private ChannelSelector userGuideExample() throws ConfigurationException {
        return multiplexing(Map.of("header", "State", "mapping.CZ", "c1", "mapping.US", "c2 c3",
                "default", "c4", "optional.CZ", "c2 c3", "optional.US", "c4"));
    }

    @Test
    void theHeaderValuePicksTheRequiredChannels() throws ConfigurationException {
        ChannelSelector s = userGuideExample();
        assertEquals(named("c1"), s.requiredChannels(withState("CZ")));
        assertEquals(named("c2", "c3"), s.requiredChannels(withState("US")));
    }

    @Test
    void missingEmptyOrUnmappedValuesGoToTheDefault() throws ConfigurationException {
        ChannelSelector s = userGuideExample();
        assertEquals(named("c4"), s.requiredChannels(withState(null)));
        assertEquals(named("c4"), s.requiredChannels(withState(" ")));
        assertEquals(named("c4"), s.requiredChannels(withState("FR")));
    }

    @Test
    void optionalChannelsExcludeTheRequiredOnes() throws ConfigurationException {
        ChannelSelector s = userGuideExample();
        assertEquals(named("c2", "c3"), s.optionalChannels(withState("CZ")));
        assertEquals(named("c4"), s.optionalChannels(withState("US")));
        assertEquals(List.of(), s.optionalChannels(withState("FR")));
        ChannelSelector overlap = multiplexing(Map.of("header", "State", "mapping.CZ", "c1", "optional.CZ", "c1 c2"));
        assertEquals(named("c2"), overlap.optionalChannels(withState("CZ")));
    }

    @Test
    void theHeaderDefaultsToFlumes() throws ConfigurationException {
        ChannelSelector s = multiplexing(Map.of("mapping.a", "c2", "default", "c1"));
        assertEquals(named("c2"), s.requiredChannels(Event.of(Map.of("flume.selector.header", "a"), new byte[0])));
    }

    @Test
    void aMappingToAChannelTheSourceDoesNotHaveNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> multiplexing(Map.of(
                "header", "State", "mapping.CZ", "c1 c9", "default", "c7")));
        assertEquals(List.of("a1.sources.r1.selector.default = c7: channel 'c7' is not one of this source's channels"
                        + " [c1, c2, c3, c4]",
                "a1.sources.r1.selector.mapping.CZ = c1 c9: channel 'c9' is not one of this source's channels"
                        + " [c1, c2, c3, c4]"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void loadBalancingSpreadsEventsOneChannelEach() throws ConfigurationException {
        ChannelSelector rr = new LoadBalancingSelectorFactory().create(TestContexts.config("sources", "r1",
                "load_balancing", Map.of()), channels);
        List<Channel> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Channel> one = rr.requiredChannels(Event.of("x"));
            assertEquals(1, one.size());
            seen.add(one.get(0));
        }
        assertEquals(named("c1", "c2", "c3", "c4", "c1", "c2", "c3", "c4"), seen);
        ChannelSelector random = new LoadBalancingSelectorFactory().create(TestContexts.config("sources", "r1",
                "load_balancing", Map.of("policy", "random")), channels);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, random.requiredChannels(Event.of("x")).size());
        }
        assertThrows(ConfigurationException.class, () -> new LoadBalancingSelectorFactory().create(
                TestContexts.config("sources", "r1", "load_balancing", Map.of("policy", "busiest")), channels));
    }
}

package org.millrace.channel.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.millrace.api.Channel;
import org.millrace.api.ChannelException;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.ChannelContract;
import org.millrace.api.testkit.TestContexts;

class MemoryChannelTest extends ChannelContract {

    @Override
    protected Channel create(Map<String, String> properties) throws ConfigurationException {
        return new MemoryChannelFactory().create(TestContexts.config("channels", "c1", "memory", properties));
    }

    @Test
    void defaultsAreFlumes() throws ConfigurationException {
        MemoryChannel.Settings s = MemoryChannelFactory.settings(TestContexts.config("channels", "c1", "memory",
                Map.of()));
        assertEquals(100, s.capacity());
        assertEquals(100, s.transactionCapacity());
        assertEquals(3, s.keepAliveSeconds());
        assertEquals((long) (Runtime.getRuntime().maxMemory() * 0.8 * 0.8 / 100), s.byteSlots());
    }

    @Test
    void invalidSettingsNameKeyValueAndReason() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "capacity", "ten", "transactionCapacity", "0", "byteCapacityBufferPercentage", "120")));
        assertEquals(List.of("a1.channels.c1.capacity = ten: not a whole number",
                "a1.channels.c1.transactionCapacity = 0: must be at least 1",
                "a1.channels.c1.byteCapacityBufferPercentage = 120: must be between 0 and 100"),
                e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> create(Map.of("capacity", "10",
                "transactionCapacity", "20")));
        assertEquals(List.of("a1.channels.c1.transactionCapacity = 20: cannot be higher than capacity (10)"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void byteCapacityRefusesCommitsBeyondIt() throws Exception {
        Channel channel = create(Map.of("byteCapacity", "1000", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0"));
        channel.start(TestContexts.channelContext("c1"));
        putCommitted(channel, List.of(Event.of(new byte[900])));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(Event.of(new byte[200]));
            ChannelException e = assertThrows(ChannelException.class, tx::commit);
            assertTrue(e.getMessage().contains("Byte capacity"), e.getMessage());
        }
    }

    @Test
    void aFullChannelMakesTheCommitWaitForRoomUpToKeepAlive() throws Exception {
        Channel channel = create(Map.of("capacity", "1", "transactionCapacity", "1", "keep-alive", "5"));
        channel.start(TestContexts.channelContext("c1"));
        putCommitted(channel, List.of(event("1")));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> putCommitted(channel,
                List.of(event("2"))));
        Thread.sleep(200);
        assertTrue(!blocked.isDone(), "the put waits while the channel is full");
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        blocked.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("2"), takeCommitted(channel, 1));
    }

    @Test
    void capacityChangesInPlaceWithoutLosingEvents() throws Exception {
        Channel channel = channel(10, 10);
        putCommitted(channel, List.of(event("1"), event("2"), event("3")));
        assertTrue(channel.reconfigure(TestContexts.config("channels", "c1", "memory", Map.of("capacity", "2",
                "transactionCapacity", "2", "keep-alive", "0"))));
        assertEquals(3, channel.size());
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(event("4"));
            assertThrows(ChannelException.class, tx::commit, "over the new capacity, puts are refused");
        }
        assertEquals(List.of("1", "2"), takeCommitted(channel, 10));
        assertEquals(List.of("3"), takeCommitted(channel, 10));
        assertTrue(channel.reconfigure(TestContexts.config("channels", "c1", "memory", Map.of("capacity", "50",
                "transactionCapacity", "20"))));
        assertEquals(20, channel.transactionCapacity());
    }
}

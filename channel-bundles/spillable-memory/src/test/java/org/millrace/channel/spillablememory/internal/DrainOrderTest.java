package org.millrace.channel.spillablememory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.channel.spillablememory.internal.DrainOrder.Run;

class DrainOrderTest {

    private static List<Run> runs(DrainOrder order) {
        List<Run> out = new ArrayList<>();
        order.runs().forEach(out::add);
        return out;
    }

    @Test
    void consecutiveEventsInTheSamePlaceFormOneRun() {
        DrainOrder order = new DrainOrder();
        order.append(true, 2);
        order.append(true, 3);
        order.append(false, 1);
        order.append(false, 0);
        assertEquals(List.of(new Run(true, 5), new Run(false, 1)), runs(order));
        assertEquals(6, order.events());
    }

    @Test
    void removeFrontTakesAtMostTheFirstRun() {
        DrainOrder order = new DrainOrder();
        order.append(true, 5);
        order.append(false, 2);
        assertEquals(new Run(true, 2), order.removeFront(2));
        assertEquals(new Run(true, 3), order.removeFront(10));
        assertEquals(new Run(false, 2), order.removeFront(10));
        assertTrue(order.isEmpty());
        assertEquals(0, order.events());
        assertNull(order.removeFront(1));
    }

    @Test
    void prependAllPutsTakenRunsBackBeforeTheRestInTheirOrder() {
        DrainOrder order = new DrainOrder();
        order.append(false, 1);
        order.append(true, 4);
        DrainOrder taken = new DrainOrder();
        taken.append(true, 2);
        taken.append(false, 3);
        order.prependAll(taken);
        assertEquals(List.of(new Run(true, 2), new Run(false, 4), new Run(true, 4)), runs(order));
        assertEquals(10, order.events());
    }
}

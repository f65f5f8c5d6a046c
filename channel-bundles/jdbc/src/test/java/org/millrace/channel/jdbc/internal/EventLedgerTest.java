package org.millrace.channel.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.millrace.api.ChannelFullException;

class EventLedgerTest {

    private static List<Long> ids(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    /** A ledger over rows 0..n-1. */
    private static EventLedger holding(int n) {
        EventLedger ledger = new EventLedger();
        ledger.reset(n, 0, n - 1);
        return ledger;
    }

    @Test
    void putCommitsGetConsecutiveIdBlocksInCommitOrderAfterTheStoredRows() {
        EventLedger ledger = holding(10);
        assertEquals(10, ledger.reserve(3, 0, Long.MAX_VALUE).firstId());
        assertEquals(13, ledger.reserve(2, 0, Long.MAX_VALUE).firstId());
    }

    @Test
    void aHeadQueryEndsBelowTheFirstBlockStillBeingWritten() {
        EventLedger ledger = holding(0);
        EventLedger.Reservation slow = ledger.reserve(10, 0, Long.MAX_VALUE);
        EventLedger.Reservation fast = ledger.reserve(10, 0, Long.MAX_VALUE);
        ledger.committed(fast, List.of());
        EventLedger.HeadQuery query = ledger.headQuery(5);
        assertEquals(0, query.to(), "rows 10..19 wait until rows 0..9 are written");
        ledger.claimHead(query, List.of(), 5);

        ledger.committed(slow, List.of());
        query = ledger.headQuery(5);
        assertEquals(0, query.from(), "the floor did not pass the block being written");
        assertEquals(20, query.to());
    }

    @Test
    void aHeadQueryStartsPastTheClaimedRowsAtTheFloor() {
        EventLedger ledger = holding(10);
        EventLedger.HeadQuery first = ledger.headQuery(4);
        assertEquals(ids(0, 4), ledger.claimHead(first, ids(0, 10), 4));
        EventLedger.HeadQuery second = ledger.headQuery(4);
        assertEquals(4, second.from());
        assertEquals(ids(4, 8), ledger.claimHead(second, ids(4, 10), 4));
    }

    @Test
    void aRollbackDuringAHeadQueryKeepsTheFloorBelowTheReturnedRows() {
        EventLedger ledger = holding(10);
        List<Long> a = ledger.claimHead(ledger.headQuery(5), ids(0, 10), 5);
        EventLedger.HeadQuery b = ledger.headQuery(5);
        assertEquals(5, b.from());
        ledger.release(a);
        ledger.claimHead(b, ids(5, 10), 5);
        assertEquals(0, ledger.headQuery(5).from(), "rows 0..4 are at the head again");
    }

    @Test
    void aRowDeletedAfterAQueryReadItIsNotClaimedByThatQuery() {
        EventLedger ledger = holding(10);
        List<Long> first = ledger.claimHead(ledger.headQuery(5), ids(0, 10), 5);
        EventLedger.HeadQuery slow = ledger.headQuery(5);
        ledger.committed(ledger.reserve(0, first.size(), Long.MAX_VALUE), first);
        assertEquals(ids(5, 10), ledger.claimHead(slow, ids(0, 10), 5), "rows 0..4 were read before their delete");
    }

    @Test
    void committedTakesAtTheFloorRaiseIt() {
        EventLedger ledger = holding(10);
        List<Long> taken = ledger.claimHead(ledger.headQuery(5), ids(0, 10), 5);
        ledger.committed(ledger.reserve(0, taken.size(), Long.MAX_VALUE), taken);
        assertEquals(5, ledger.size());
        assertEquals(5, ledger.headQuery(5).from());
    }

    @Test
    void aFullyClaimedChannelNeedsNoQuery() {
        EventLedger ledger = holding(2);
        ledger.claimHead(ledger.headQuery(2), ids(0, 2), 2);
        assertNull(ledger.headQuery(1));
    }

    @Test
    void capacityRefusesCommitsThatAddRowsButNeverOnesThatAddNone() {
        EventLedger ledger = holding(3);
        assertThrows(ChannelFullException.class, () -> ledger.reserve(1, 0, 3));
        List<Long> taken = ledger.claimHead(ledger.headQuery(1), ids(0, 3), 1);
        EventLedger.Reservation swap = ledger.reserve(1, 1, 3);
        ledger.committed(swap, taken);
        assertEquals(3, ledger.size());
        EventLedger.Reservation pending = ledger.reserve(0, 0, 3);
        ledger.cancel(pending);
        assertThrows(ChannelFullException.class, () -> ledger.reserve(1, 0, 3));
    }

    @Test
    void theSizeNeverDipsBelowZeroWhenATakeCommitsBeforeItsPut() {
        EventLedger ledger = holding(0);
        EventLedger.Reservation put = ledger.reserve(2, 0, Long.MAX_VALUE);
        ledger.committed(ledger.reserve(0, 2, Long.MAX_VALUE), ids(0, 2));
        assertEquals(0, ledger.size());
        ledger.committed(put, List.of());
        assertEquals(0, ledger.size());
    }
}

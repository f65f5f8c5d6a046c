package org.millrace.channel.jdbc.internal;

import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.BasicTransaction;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;

/**
 * A jdbc channel transaction. Puts wait in memory and reach the database in one batch at commit; takes read the
 * head of the channel and claim its rows in the ledger, and delete them at commit, in the same database
 * transaction as the puts. No database transaction stays open between calls, so a slow sink holds no locks.
 */
final class JdbcTransaction extends BasicTransaction {
    private final EventTable table;
    private final TableCompaction compaction;
    private final EventLedger ledger;
    private final ChannelCounter counter;
    private final JdbcChannelSettings.Limits limits;
    private final ArrayList<Event> puts = new ArrayList<>();
    private final ArrayList<Long> takes = new ArrayList<>();

    JdbcTransaction(EventTable table, TableCompaction compaction, EventLedger ledger, ChannelCounter counter,
            JdbcChannelSettings.Limits limits) {
        this.table = table;
        this.compaction = compaction;
        this.ledger = ledger;
        this.counter = counter;
        this.limits = limits;
    }

    @Override
    protected void doPut(Event event) {
        counter.increment(EventPutAttemptCount);
        if (puts.size() >= limits.transactionCapacity()) {
            throw putListFull();
        }
        puts.add(event);
    }

    @Override
    protected void doPutAll(List<Event> events) {
        counter.add(EventPutAttemptCount, events.size());
        if (puts.size() + events.size() > limits.transactionCapacity()) {
            throw putListFull();
        }
        puts.addAll(events);
    }

    private ChannelException putListFull() {
        return new ChannelException("Put list of this jdbc channel transaction, capacity "
                + limits.transactionCapacity() + ", full; commit more often or raise transactionCapacity");
    }

    @Override
    protected int doTake(int max, List<Event> into) {
        int room = limits.transactionCapacity() - takes.size();
        if (room <= 0 && max > 0) {
            throw new ChannelException("Take list of this jdbc channel transaction, capacity "
                    + limits.transactionCapacity() + ", full; commit more often or raise transactionCapacity");
        }
        int wanted = Math.min(max, room);
        int taken = 0;
        if (wanted > 0) {
            List<EventTable.Row> rows;
            try {
                rows = table.takeHead(wanted, ledger);
            } catch (SQLException | RuntimeException e) {
                throw new ChannelException("could not read events from the database: " + e.getMessage(), e);
            }
            takes.ensureCapacity(takes.size() + rows.size());
            for (EventTable.Row row : rows) {
                takes.add(row.id());
                into.add(row.event());
            }
            taken = rows.size();
        }
        counter.add(EventTakeAttemptCount, taken < wanted ? taken + 1 : taken);
        return taken;
    }

    @Override
    protected void doCommit() {
        if (!puts.isEmpty() || !takes.isEmpty()) {
            EventLedger.Reservation reservation = ledger.reserve(puts.size(), takes.size(), limits.capacity());
            try {
                table.write(puts, reservation.firstId(), takes);
            } catch (SQLException | RuntimeException e) {
                ledger.cancel(reservation);
                throw new ChannelException("could not commit to the database: " + e.getMessage(), e);
            }
            ledger.committed(reservation, takes);
            counter.setChannelSize(ledger.size());
            counter.add(EventPutSuccessCount, puts.size());
            counter.add(EventTakeSuccessCount, takes.size());
            compaction.afterDeletes(takes.size());
        }
        puts.clear();
        takes.clear();
    }

    @Override
    protected void doRollback() {
        ledger.release(takes);
        puts.clear();
        takes.clear();
    }
}

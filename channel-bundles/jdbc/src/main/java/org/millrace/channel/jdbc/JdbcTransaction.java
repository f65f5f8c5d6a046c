package org.millrace.channel.jdbc;

import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/**
 * A jdbc channel transaction. Puts wait in memory and reach the database in one batch at commit; takes read the
 * head of the channel and claim its rows in the ledger, and delete them at commit, in the same database
 * transaction as the puts. No database transaction stays open between calls, so a slow sink holds no locks.
 */
final class JdbcTransaction implements Transaction {
    private enum State { NEW, OPEN, COMPLETED, CLOSED }

    private final EventTable table;
    private final TableCompaction compaction;
    private final EventLedger ledger;
    private final ChannelCounter counter;
    private final JdbcChannelSettings.Limits limits;
    private final ArrayList<Event> puts = new ArrayList<>();
    private final ArrayList<Long> takes = new ArrayList<>();
    private State state = State.NEW;

    JdbcTransaction(EventTable table, TableCompaction compaction, EventLedger ledger, ChannelCounter counter,
            JdbcChannelSettings.Limits limits) {
        this.table = table;
        this.compaction = compaction;
        this.ledger = ledger;
        this.counter = counter;
        this.limits = limits;
    }

    @Override
    public void begin() {
        expect(State.NEW, "begin");
        state = State.OPEN;
    }

    @Override
    public void put(Event event) {
        expect(State.OPEN, "put");
        counter.increment(EventPutAttemptCount);
        if (puts.size() >= limits.transactionCapacity()) {
            throw putListFull();
        }
        puts.add(event);
    }

    @Override
    public void putAll(List<Event> events) {
        expect(State.OPEN, "put");
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
    public Event take() {
        List<Event> one = new ArrayList<>(1);
        return take(1, one) == 0 ? null : one.get(0);
    }

    @Override
    public int take(int max, List<Event> into) {
        expect(State.OPEN, "take");
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
    public void commit() {
        expect(State.OPEN, "commit");
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
        state = State.COMPLETED;
    }

    @Override
    public void rollback() {
        expect(State.OPEN, "rollback");
        ledger.release(takes);
        puts.clear();
        takes.clear();
        state = State.COMPLETED;
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            rollback();
        }
        state = State.CLOSED;
    }

    private void expect(State wanted, String operation) {
        if (state != wanted) {
            throw new IllegalStateException(operation + " needs a transaction in state " + wanted + ", this one is "
                    + state);
        }
    }
}

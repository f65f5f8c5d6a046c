package org.millrace.channel.jdbc.internal;

import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Resource;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's jdbc channel: committed events are rows of an embedded Derby database, so they survive a stop, a crash
 * and a new channel instance over the same database. A commit returns once Derby has committed (and synced its
 * log); a take is final only when its transaction commits.
 */
final class JdbcChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcChannel.class);

    private final JdbcChannelSettings.Storage storage;
    private final DerbyDatabases databases;
    private volatile JdbcChannelSettings.Limits limits;
    private final EventLedger ledger = new EventLedger();
    private volatile ChannelCounter counter = new ChannelCounter();
    private String label;
    private DatabaseAddress database;
    private ConnectionPool pool;
    private TableCompaction compaction;
    private volatile EventTable table;

    JdbcChannel(JdbcChannelSettings settings, DerbyDatabases databases) {
        this.storage = settings.storage();
        this.databases = databases;
        this.limits = settings.limits();
    }

    @Override
    public void start(ChannelContext context) throws Exception {
        label = context.agentName() + "/" + context.componentName();
        counter = context.counter();
        // Flume's sysprop.*: vendor settings Derby reads from system properties when it boots
        storage.systemProperties().forEach((key, value) -> {
            LOG.info("[{}] system property {} = {}", label, key, value);
            System.setProperty(key, value);
        });
        DatabaseAddress address = DatabaseAddress.of(storage);
        ReadWriteLock gate = databases.open(address, storage.channelName(), ledger,
                c -> EventTable.prepare(c, storage.createSchema()));
        ConnectionPool connections = new ConnectionPool(databases.driver(), address, storage.isolation(),
                storage.maximumConnections(), gate);
        EventTable events = new EventTable(storage.channelName(), connections);
        try {
            events.load(ledger);
        } catch (Exception e) {
            connections.close();
            databases.close(address, storage.channelName());
            throw e;
        }
        database = address;
        pool = connections;
        compaction = new TableCompaction(databases, address, events, label);
        table = events;
        counter.setChannelCapacity(limits.capacity());
        counter.setChannelSize(ledger.size());
        if (ledger.size() > limits.capacity()) {
            LOG.warn("[{}] holds {} events, more than its maximum.capacity {}; commits that add events are"
                    + " refused until takes make room", label, ledger.size(), limits.capacity());
        }
        LOG.info("[{}] jdbc channel open on {} with {} events", label, address.name(), ledger.size());
    }

    @Override
    public Transaction newTransaction() {
        EventTable events = table;
        if (events == null) {
            throw new ChannelException("the jdbc channel " + storage.channelName() + " is not running");
        }
        return new JdbcTransaction(events, compaction, ledger, counter, limits);
    }

    @Override
    public long size() {
        return ledger.size();
    }

    @Override
    public int transactionCapacity() {
        return limits.transactionCapacity();
    }

    @Override
    public boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        return ledger.awaitUnclaimed(timeoutMillis);
    }

    /** Events are rows on disk, unless the database was configured in memory ({@code jdbc:derby:memory:}). */
    @Override
    public boolean isDurable() {
        return !storage.inMemory();
    }

    /** Its rows in its database: channels of other names may share the database. */
    @Override
    public List<Resource> resources() {
        return List.of(Resource.store("rows of " + storage.channelName() + " in " + storage.database()));
    }

    /** The limits change in place; a change of database or connection settings needs a new channel. */
    @Override
    public boolean canReconfigure(ComponentConfig config) {
        try {
            return JdbcChannelFactory.settings(config).storage().equals(storage);
        } catch (ConfigurationException e) {
            return false;
        }
    }

    @Override
    public boolean reconfigure(ComponentConfig config) throws ConfigurationException {
        JdbcChannelSettings next = JdbcChannelFactory.settings(config);
        if (!next.storage().equals(storage)) {
            return false;
        }
        limits = next.limits();
        counter.setChannelCapacity(next.limits().capacity());
        return true;
    }

    /** Closes the connections and, if no other channel uses it, shuts the database down; the rows stay. */
    @Override
    public void stop() {
        if (table == null) {
            return;
        }
        table = null;
        pool.close();
        databases.close(database, storage.channelName());
        LOG.info("[{}] jdbc channel closed, {} events stay in {}", label, ledger.size(), database.name());
    }
}

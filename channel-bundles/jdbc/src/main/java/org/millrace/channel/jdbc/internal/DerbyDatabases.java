package org.millrace.channel.jdbc.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.millrace.api.ChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Derby databases this bundle has open, each with the channels using it. A database is prepared
 * when a channel opens it and shut down when its last channel closes it; the Derby engine itself stays up for
 * the others. Derby's engine is one per class loader, so the registry the channels use is one too
 * ({@link #SHARED}).
 *
 * <p>It also decides when a database's table is compacted: Derby never reuses the index space of deleted rows,
 * so a queue table grows by some 50 bytes per event ever taken until {@code SYSCS_COMPRESS_TABLE} rebuilds it.
 * That locks the table for a time that grows with the rows still in it, so it waits for many deletions and few
 * remaining rows. Compaction also deadlocks with concurrent statements on Derby's dictionary locks, so every
 * channel's database work holds the database's gate for reading and a compaction holds it for writing.
 *
 * <p>The driver is instantiated directly rather than looked up in {@code DriverManager}, whose class-loader
 * scanning does not see other bundles' drivers in OSGi.
 */
final class DerbyDatabases {
    /** The registry of this bundle: compacts after a million deletions, once at most 100,000 rows remain. */
    static final DerbyDatabases SHARED = new DerbyDatabases(1_000_000, 100_000);

    private static final Logger LOG = LoggerFactory.getLogger(DerbyDatabases.class);
    /** SQLState of Derby's answer to a successful shutdown of one database. */
    private static final String DATABASE_SHUT_DOWN = "08006";
    /** SQLState for a database that is not there: nothing was booted, so nothing to shut down. */
    private static final String DATABASE_NOT_FOUND = "XJ004";

    private final long compactAfterDeletions;
    private final long compactBelowRows;
    private final Map<String, OpenDatabase> open = new HashMap<>();
    private Driver driver;

    /** Work on a fresh connection while the database is being opened for a channel. */
    @FunctionalInterface
    interface Setup {
        void prepare(Connection connection) throws SQLException;
    }

    /** One booted database: the ledgers of the channels using it and the deletions since its last compaction. */
    private static final class OpenDatabase {
        final Map<String, EventLedger> channels = new HashMap<>();
        final ReadWriteLock gate = new ReentrantReadWriteLock();
        long deletions;
        boolean compacting;
    }

    DerbyDatabases(long compactAfterDeletions, long compactBelowRows) {
        this.compactAfterDeletions = compactAfterDeletions;
        this.compactBelowRows = compactBelowRows;
    }

    /** Derby's embedded driver; instantiating it boots the engine once. */
    synchronized Driver driver() {
        if (driver == null) {
            driver = new EmbeddedDriver();
        }
        return driver;
    }

    /**
     * Boots the database if needed and runs {@code setup} on it, then records the channel and its ledger as a
     * user. One channel name at a time per database: two channels sharing rows would hand out the same events.
     *
     * @return the database's gate, for the channel's connection pool
     * @throws ChannelException if the channel already has the database open
     * @throws SQLException if the database cannot be booted or {@code setup} fails
     */
    synchronized ReadWriteLock open(DatabaseAddress database, String channel, EventLedger ledger, Setup setup)
            throws SQLException {
        OpenDatabase db = open.get(database.name());
        if (db != null && db.channels.containsKey(channel)) {
            throw new ChannelException("channel " + channel + " is already open on " + database.name());
        }
        OpenDatabase opened = db != null ? db : new OpenDatabase();
        opened.gate.readLock().lock();
        try (Connection connection = driver().connect(database.url(), database.properties())) {
            if (connection == null) {
                throw new SQLException("not a Derby URL: " + database.name());
            }
            try {
                setup.prepare(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            if (db == null) {
                shutDown(database);
            }
            throw e;
        } finally {
            opened.gate.readLock().unlock();
        }
        opened.channels.put(channel, ledger);
        open.put(database.name(), opened);
        return opened.gate;
    }

    /** Records that the channel no longer uses the database; shuts the database down if it was the last user. */
    synchronized void close(DatabaseAddress database, String channel) {
        OpenDatabase db = open.get(database.name());
        if (db == null || db.channels.remove(channel) == null || !db.channels.isEmpty()) {
            return;
        }
        open.remove(database.name());
        shutDown(database);
    }

    /**
     * Counts deleted rows; answers whether the caller should compact the table now. Only one caller at a time
     * is told so, and it must report back with {@link #compacted}.
     */
    synchronized boolean compactionDue(DatabaseAddress database, int deleted) {
        OpenDatabase db = open.get(database.name());
        if (db == null) {
            return false;
        }
        db.deletions += deleted;
        if (db.compacting || db.deletions < compactAfterDeletions) {
            return false;
        }
        long rows = db.channels.values().stream().mapToLong(EventLedger::size).sum();
        if (rows > compactBelowRows) {
            return false;
        }
        db.compacting = true;
        db.deletions = 0;
        return true;
    }

    /** Ends a compaction {@link #compactionDue} asked for, done or failed. */
    synchronized void compacted(DatabaseAddress database) {
        OpenDatabase db = open.get(database.name());
        if (db != null) {
            db.compacting = false;
        }
    }

    /** Shuts down this database only; Derby answers a successful shutdown with an exception. */
    private void shutDown(DatabaseAddress database) {
        try {
            driver().connect(database.shutdownUrl(), database.properties());
            LOG.warn("Derby did not confirm the shutdown of {}", database.name());
        } catch (SQLException e) {
            if (DATABASE_SHUT_DOWN.equals(e.getSQLState())) {
                LOG.info("Derby database {} shut down", database.name());
            } else if (!DATABASE_NOT_FOUND.equals(e.getSQLState())) {
                LOG.warn("Derby database {} did not shut down cleanly: {}", database.name(), e.getMessage());
            }
        }
    }
}

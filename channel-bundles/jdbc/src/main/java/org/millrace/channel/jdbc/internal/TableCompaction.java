package org.millrace.channel.jdbc.internal;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compacts a channel's database table when its registry says enough rows were deleted (see {@link DerbyDatabases}). */
final class TableCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(TableCompaction.class);

    private final DerbyDatabases databases;
    private final DatabaseAddress database;
    private final EventTable table;
    private final String label;

    TableCompaction(DerbyDatabases databases, DatabaseAddress database, EventTable table, String label) {
        this.databases = databases;
        this.database = database;
        this.table = table;
        this.label = label;
    }

    /** Counts committed takes and compacts in the calling thread if it is time; a failure is logged, not thrown. */
    void afterDeletes(int deleted) {
        if (deleted == 0 || !databases.compactionDue(database, deleted)) {
            return;
        }
        long start = System.nanoTime();
        try {
            table.compact();
            LOG.info("[{}] compacted the channel table of {} in {} ms", label, database.name(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("[{}] could not compact the channel table of {}: {}", label, database.name(), e.getMessage());
        } finally {
            databases.compacted(database);
        }
    }
}

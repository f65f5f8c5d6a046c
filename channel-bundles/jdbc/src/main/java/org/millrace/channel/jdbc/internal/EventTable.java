package org.millrace.channel.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.millrace.api.Event;

/**
 * One channel's rows in the table every jdbc channel of a database shares, {@code MILLRACE.CHANNEL_EVENTS}: the
 * channel's name and an id that orders its rows (the primary key), the encoded headers and the body. Each method
 * is one short database transaction on a pooled connection.
 */
final class EventTable {
    /** Characters kept for {@code <agent>/<channel>}. */
    static final int CHANNEL_NAME_LENGTH = 255;
    static final String SCHEMA = "MILLRACE";
    static final String TABLE = "CHANNEL_EVENTS";
    private static final String QUALIFIED = SCHEMA + "." + TABLE;
    private static final Set<String> COLUMNS = Set.of("CHANNEL_NAME", "EVENT_ID", "HEADERS", "BODY");

    private static final String CREATE_TABLE = "CREATE TABLE " + QUALIFIED + " ("
            + "CHANNEL_NAME VARCHAR(" + CHANNEL_NAME_LENGTH + ") NOT NULL, "
            + "EVENT_ID BIGINT NOT NULL, "
            + "HEADERS BLOB, "
            + "BODY BLOB NOT NULL, "
            + "CONSTRAINT CHANNEL_EVENTS_IN_ORDER PRIMARY KEY (CHANNEL_NAME, EVENT_ID))";
    private static final String INSERT = "INSERT INTO " + QUALIFIED
            + " (CHANNEL_NAME, EVENT_ID, HEADERS, BODY) VALUES (?, ?, ?, ?)";
    private static final String SELECT_HEAD = "SELECT EVENT_ID, HEADERS, BODY FROM " + QUALIFIED
            + " WHERE CHANNEL_NAME = ? AND EVENT_ID >= ? AND EVENT_ID < ? ORDER BY EVENT_ID FETCH FIRST ? ROWS ONLY";
    private static final String DELETE = "DELETE FROM " + QUALIFIED + " WHERE CHANNEL_NAME = ? AND EVENT_ID = ?";
    private static final String STATISTICS = "SELECT COUNT(*), MIN(EVENT_ID), MAX(EVENT_ID) FROM " + QUALIFIED
            + " WHERE CHANNEL_NAME = ?";
    private static final String COMPRESS = "CALL SYSCS_UTIL.SYSCS_COMPRESS_TABLE('" + SCHEMA + "', '" + TABLE
            + "', 0)";

    /** A row read from the head: its id and the event it holds. */
    record Row(long id, Event event) {
    }

    private final String channelName;
    private final ConnectionPool pool;

    EventTable(String channelName, ConnectionPool pool) {
        this.channelName = channelName;
        this.pool = pool;
    }

    /**
     * Makes sure the database has the table, creating it if allowed, as Flume creates its schema. The primary
     * key is the only index the table needs, so it is created whatever {@code create.index} says.
     *
     * @throws SQLException if the table is missing and may not be created, or lacks a column
     */
    static void prepare(Connection connection, boolean createSchema) throws SQLException {
        connection.setAutoCommit(false);
        DatabaseMetaData meta = connection.getMetaData();
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = meta.getColumns(null, SCHEMA, TABLE, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        if (columns.isEmpty()) {
            if (!createSchema) {
                throw new SQLException("table " + QUALIFIED + " does not exist and create.schema is false");
            }
            try (Statement ddl = connection.createStatement()) {
                if (!schemaExists(meta)) {
                    ddl.execute("CREATE SCHEMA " + SCHEMA);
                }
                ddl.execute(CREATE_TABLE);
            }
            connection.commit();
        } else if (!columns.containsAll(COLUMNS)) {
            throw new SQLException("table " + QUALIFIED + " has columns " + columns + ", not " + COLUMNS);
        }
    }

    private static boolean schemaExists(DatabaseMetaData meta) throws SQLException {
        try (ResultSet rs = meta.getSchemas(null, SCHEMA)) {
            return rs.next();
        }
    }

    /** Starts the ledger over the channel's rows. */
    void load(EventLedger ledger) throws SQLException {
        pool.inTransaction(c -> {
            try (PreparedStatement statistics = c.prepareStatement(STATISTICS)) {
                statistics.setString(1, channelName);
                try (ResultSet rs = statistics.executeQuery()) {
                    rs.next();
                    ledger.reset(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
            return null;
        });
    }

    /**
     * Takes up to {@code wanted} rows from the head of the channel in id order: one query, then the rows no other
     * transaction holds are claimed in the ledger. On failure the claims made are given back.
     */
    List<Row> takeHead(int wanted, EventLedger ledger) throws SQLException {
        EventLedger.HeadQuery query = ledger.headQuery(wanted);
        if (query == null) {
            // an empty or wholly claimed channel answers from the ledger: idle sinks cost no query
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        List<byte[]> columns = new ArrayList<>();
        try {
            read(query, ids, columns);
        } catch (SQLException | RuntimeException e) {
            ledger.abandon(query);
            throw e;
        }
        List<Long> claimed = ledger.claimHead(query, ids, wanted);
        List<Row> rows = new ArrayList<>(claimed.size());
        try {
            int i = 0;
            for (long id : claimed) {
                while (ids.get(i) != id) {
                    i++;
                }
                rows.add(new Row(id, HeaderCodec.decode(columns.get(2 * i), columns.get(2 * i + 1))));
            }
            return rows;
        } catch (RuntimeException e) {
            ledger.release(claimed);
            throw e;
        }
    }

    /** Runs a head query: the ids found, and for each its headers and body columns. */
    private void read(EventLedger.HeadQuery query, List<Long> ids, List<byte[]> columns) throws SQLException {
        pool.inTransaction(c -> {
            try (PreparedStatement head = c.prepareStatement(SELECT_HEAD)) {
                head.setString(1, channelName);
                head.setLong(2, query.from());
                head.setLong(3, query.to());
                head.setInt(4, query.rowLimit());
                try (ResultSet rs = head.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        columns.add(rs.getBytes(2));
                        columns.add(rs.getBytes(3));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Inserts the puts, numbered from {@code firstId}, in one batch and deletes the takes in another, in one
     * database transaction.
     */
    void write(List<Event> puts, long firstId, List<Long> takes) throws SQLException {
        pool.inTransaction(c -> {
            if (!puts.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    long id = firstId;
                    for (Event event : puts) {
                        insert.setString(1, channelName);
                        insert.setLong(2, id++);
                        byte[] headers = HeaderCodec.encode(event);
                        if (headers == null) {
                            insert.setNull(3, Types.BLOB);
                        } else {
                            insert.setBytes(3, headers);
                        }
                        insert.setBytes(4, event.body());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (!takes.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                    for (long id : takes) {
                        delete.setString(1, channelName);
                        delete.setLong(2, id);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * Rebuilds the table to give back the space of deleted rows. It runs alone on the database: every channel's
     * database work waits meanwhile (see {@link DerbyDatabases}).
     */
    void compact() throws SQLException {
        pool.exclusively(c -> {
            try (Statement compress = c.createStatement()) {
                compress.execute(COMPRESS);
            }
            return null;
        });
    }
}

package org.millrace.channel.jdbc.internal;

import java.sql.Connection;

/** Flume's {@code transaction.isolation} values and the JDBC levels they stand for. */
public enum TransactionIsolation {
    /** Reads may see other sessions' uncommitted rows. */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** Reads see committed rows only; Flume's default. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** Rows read stay locked until the database transaction ends. */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** Ranges read stay locked until the database transaction ends. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    TransactionIsolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /** The level for {@link Connection#setTransactionIsolation(int)}. */
    int jdbcLevel() {
        return jdbcLevel;
    }
}

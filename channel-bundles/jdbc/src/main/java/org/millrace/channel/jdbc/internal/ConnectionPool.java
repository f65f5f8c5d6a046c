package org.millrace.channel.jdbc.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A channel's connections to its database, {@code maximum.connections} at most. A connection is borrowed for one
 * short database transaction (a take's read, a commit's writes), never for a whole channel transaction, so the
 * limit bounds concurrent database work rather than open channel transactions. Work holds the database's gate
 * for reading; {@link #exclusively} holds it for writing, so that work runs alone.
 */
final class ConnectionPool implements AutoCloseable {

    /** Work done in one database transaction on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Driver driver;
    private final DatabaseAddress address;
    private final int isolation;
    private final Semaphore permits;
    private final ReadWriteLock gate;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(Driver driver, DatabaseAddress address, TransactionIsolation isolation, int maximumConnections,
            ReadWriteLock gate) {
        this.driver = driver;
        this.gate = gate;
        this.address = address;
        this.isolation = isolation.jdbcLevel();
        this.permits = new Semaphore(maximumConnections);
    }

    /** Runs the work and commits; on any failure rolls back and rethrows. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return gated(gate.readLock(), work);
    }

    /** As {@link #inTransaction}, while no other work runs on the database. */
    <T> T exclusively(Work<T> work) throws SQLException {
        return gated(gate.writeLock(), work);
    }

    private <T> T gated(Lock lock, Work<T> work) throws SQLException {
        lock.lock();
        try {
            return run(work);
        } finally {
            lock.unlock();
        }
    }

    private <T> T run(Work<T> work) throws SQLException {
        Connection connection = borrow();
        boolean reusable = false;
        try {
            T result = work.run(connection);
            connection.commit();
            reusable = true;
            return result;
        } finally {
            if (!reusable) {
                reusable = rollbackQuietly(connection);
            }
            giveBack(connection, reusable);
        }
    }

    private Connection borrow() throws SQLException {
        if (closed) {
            throw stopped();
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            connection = driver.connect(address.url(), address.properties());
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(isolation);
            return connection;
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            permits.release();
            throw e;
        }
    }

    /** Keeps a healthy connection for reuse; Derby closes a connection itself after a session-level error. */
    private void giveBack(Connection connection, boolean reusable) {
        if (!reusable || closed || isClosed(connection)) {
            closeQuietly(connection);
        } else {
            idle.push(connection);
            if (closed) {
                closeIdle();
            }
        }
        permits.release();
    }

    /** Closes every idle connection; borrowed ones close when they come back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static SQLException stopped() {
        return new SQLNonTransientConnectionException("the channel is stopped", "08003");
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Whether the rollback worked; a connection that cannot roll back is not reused. */
    private static boolean rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Derby refuses to close a connection inside a transaction, so roll back first. */
    private static void closeQuietly(Connection connection) {
        rollbackQuietly(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to release
        }
    }
}

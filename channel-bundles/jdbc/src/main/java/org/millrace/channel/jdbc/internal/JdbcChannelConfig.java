package org.millrace.channel.jdbc.internal;

import org.millrace.api.AtMost;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The jdbc channel's properties: Flume's names and defaults. Flume's {@code sysprop.*} properties (system
 * properties set before the database boots) are read beside these; {@code sysprop.user.home} is declared here
 * because it places the default database.
 */
@ObjectClassDefinition(name = "Millrace jdbc channel",
        description = "Flume's JDBC channel: events in an embedded Apache Derby database; committed events survive a"
                + " restart")
public @interface JdbcChannelConfig {

    /** Database vendor; only Derby is supported, as Flume documents. */
    @AttributeDefinition(description = "Database vendor, needs to be DERBY. Ignored without driver.url, as in Flume")
    String db_type() default "DERBY";

    /** The JDBC driver; only Derby's embedded driver ships with the channel. */
    @AttributeDefinition(description = "Class for vendor's JDBC driver; only Derby's embedded driver is supported."
            + " Ignored without driver.url, as in Flume")
    String driver_class() default JdbcChannelFactory.EMBEDDED_DRIVER;

    /** The database's JDBC URL; empty means Flume's default location. */
    @AttributeDefinition(description = "JDBC connection URL, jdbc:derby:<database>[;attributes]. Default"
            + " jdbc:derby:<sysprop.user.home or user.home>/.flume/jdbc-channel/db;create=true")
    String driver_url() default "";

    /** The database user. */
    @AttributeDefinition(description = "User id for db connection. Without driver.url always sa, as in Flume")
    String db_username() default "sa";

    /** The database password. */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password for db connection. Without"
            + " driver.url always empty, as in Flume")
    String db_password() default "";

    /** Further JDBC connection properties, from a file. */
    @AttributeDefinition(description = "JDBC connection property file path. Ignored without driver.url, as in"
            + " Flume")
    String connection_properties_file() default "";

    /** Whether a database without the channel's table gets one. */
    @AttributeDefinition(description = "If true, then creates db schema if not there")
    boolean create_schema() default true;

    /** Accepted for Flume configurations; the table's primary key is the one index it needs, always created. */
    @AttributeDefinition(description = "Accepted for Flume compatibility; the table's primary key (channel, id) is"
            + " the only index it needs and is always created")
    boolean create_index() default true;

    /** Accepted for Flume configurations; the schema is one table, so there is no foreign key to create. */
    @AttributeDefinition(description = "Accepted for Flume compatibility; Millrace's schema is a single table,"
            + " so there is no foreign key to create")
    boolean create_foreignkey() default true;

    /** The isolation level of the channel's database sessions. */
    @AttributeDefinition(description = "Isolation level for db session READ_UNCOMMITTED, READ_COMMITTED,"
            + " SERIALIZABLE, REPEATABLE_READ")
    TransactionIsolation transaction_isolation() default TransactionIsolation.READ_COMMITTED;

    /** Connections the channel opens at most; each serves one put commit, take or take commit at a time. */
    @AttributeDefinition(min = "1", description = "Max connections allowed to db")
    int maximum_connections() default 10;

    /** Events the channel holds at most; 0 means no limit. */
    @AttributeDefinition(min = "0", description = "Max number of events in the channel; 0 means unlimited")
    long maximum_capacity() default 0;

    /**
     * Events one transaction may put or take at most; 0 means no limit. Millrace's addition: Flume's jdbc
     * channel has no such limit, and 0 keeps its behaviour.
     */
    @AttributeDefinition(min = "0", description = "Max events one transaction may put or take; 0 means unlimited"
            + " (Flume's jdbc channel has no limit)")
    @AtMost(value = "maximum.capacity", zeroIsUnlimited = true)
    int transactionCapacity() default 0;

    /** Home of the default database location instead of the JVM's user.home. */
    @AttributeDefinition(description = "Home path to store embedded Derby database, in .flume/jdbc-channel/db"
            + " below it; default the JVM's user.home")
    String sysprop_user_home() default "";
}

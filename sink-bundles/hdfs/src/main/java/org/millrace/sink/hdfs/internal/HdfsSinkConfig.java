package org.millrace.sink.hdfs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The hdfs sink's properties: Flume 1.11's names and defaults (serializer settings under serializer.*). */
@ObjectClassDefinition(name = "Millrace hdfs sink",
        description = "Flume's HDFS sink: events into files on HDFS (or any Hadoop file system, file:// included),"
                + " bucketed by path escapes, rolled by time, size, count or idleness")
public @interface HdfsSinkConfig {

    /** Directory of each event's file; escapes as Flume's. */
    @AttributeDefinition(description = "HDFS directory path (eg hdfs://namenode/flume/webdata/), with escapes:"
            + " %{header}, %[localhost], %[IP], %[FQDN], %t, %Y, %m, %d, %H, …")
    String hdfs_path();

    @AttributeDefinition(required = false, description = "Name prefixed to files created by Flume in hdfs"
            + " directory; escapes as in hdfs.path")
    String hdfs_filePrefix() default "FlumeData";

    @AttributeDefinition(required = false, description = "Suffix to append to file (eg .avro); with a codec and"
            + " no suffix, the codec's extension")
    String hdfs_fileSuffix() default "";

    @AttributeDefinition(required = false, description = "Prefix that is used for temporal files that flume"
            + " actively writes into")
    String hdfs_inUsePrefix() default "";

    @AttributeDefinition(required = false, description = "Suffix that is used for temporal files that flume"
            + " actively writes into")
    String hdfs_inUseSuffix() default ".tmp";

    @AttributeDefinition(description = "If false an hdfs.inUseSuffix is used while writing the output. After"
            + " closing the output hdfs.inUseSuffix is removed from the output file name. If true the"
            + " hdfs.inUseSuffix parameter is ignored an empty string is used instead.")
    boolean hdfs_emptyInUseSuffix() default false;

    @AttributeDefinition(min = "0", description = "Number of seconds to wait before rolling current file"
            + " (0 = never roll based on time interval)")
    long hdfs_rollInterval() default 30;

    @AttributeDefinition(min = "0", description = "File size to trigger roll, in bytes (0: never roll based on"
            + " file size)")
    long hdfs_rollSize() default 1024;

    @AttributeDefinition(min = "0", description = "Number of events written to file before it rolled"
            + " (0 = never roll based on number of events)")
    long hdfs_rollCount() default 10;

    @AttributeDefinition(min = "0", description = "Timeout after which inactive files get closed"
            + " (0 = disable automatic closing of idle files)")
    int hdfs_idleTimeout() default 0;

    @AttributeDefinition(min = "1", description = "number of events written to file before it is flushed to HDFS")
    int hdfs_batchSize() default 100;

    @AttributeDefinition(required = false, description = "Compression codec: gzip, bzip2, deflate, default,"
            + " snappy, lz4 (lzo, lzop and zstd are not available: they need native libraries)")
    String hdfs_codeC() default "";

    @AttributeDefinition(description = "File format: currently SequenceFile, DataStream or CompressedStream."
            + " DataStream will not compress output file and please don't set codeC; CompressedStream"
            + " requires set hdfs.codeC with an available codeC")
    String hdfs_fileType() default "SequenceFile";

    @AttributeDefinition(min = "1", description = "Allow only this number of open files. If this number is"
            + " exceeded, the oldest file is closed.")
    int hdfs_maxOpenFiles() default 5000;

    @AttributeDefinition(min = "-1", description = "Specify minimum number of replicas per HDFS block. If not"
            + " specified (-1), it comes from the default Hadoop config in the classpath.")
    int hdfs_minBlockReplicas() default -1;

    @AttributeDefinition(description = "Format for sequence file records. One of Text or Writable. Set to Text"
            + " before creating data files with Flume, otherwise those files cannot be read by either Apache"
            + " Impala (incubating) or Apache Hive.")
    String hdfs_writeFormat() default "Writable";

    @AttributeDefinition(min = "1", description = "Number of milliseconds allowed for HDFS operations, such as"
            + " open, write, flush, close")
    long hdfs_callTimeout() default 30000;

    @AttributeDefinition(min = "1", description = "Number of threads per HDFS sink for HDFS IO ops"
            + " (open, write, etc.)")
    int hdfs_threadsPoolSize() default 10;

    @AttributeDefinition(min = "1", description = "Number of threads per HDFS sink for scheduling timed file"
            + " rolling")
    int hdfs_rollTimerPoolSize() default 1;

    @AttributeDefinition(required = false, description = "Kerberos user principal for accessing secure HDFS")
    String hdfs_kerberosPrincipal() default "";

    @AttributeDefinition(required = false, description = "Kerberos keytab for accessing secure HDFS")
    String hdfs_kerberosKeytab() default "";

    @AttributeDefinition(required = false, description = "The user the sink writes as, impersonated by the"
            + " (Kerberos) login user")
    String hdfs_proxyUser() default "";

    @AttributeDefinition(description = "Should the timestamp be rounded down (if true, affects all time based"
            + " escape sequences except %t)")
    boolean hdfs_round() default false;

    @AttributeDefinition(min = "1", max = "60", description = "Rounded down to the highest multiple of this"
            + " (in the unit configured using hdfs.roundUnit), less than current time.")
    int hdfs_roundValue() default 1;

    @AttributeDefinition(description = "The unit of the round down value - second, minute or hour.")
    String hdfs_roundUnit() default "second";

    @AttributeDefinition(required = false, description = "Name of the timezone that should be used for"
            + " resolving the directory path, e.g. America/Los_Angeles (default: this machine's)")
    String hdfs_timeZone() default "";

    @AttributeDefinition(description = "Use the local time (instead of the timestamp from the event header)"
            + " while replacing the escape sequences.")
    boolean hdfs_useLocalTimeStamp() default false;

    @AttributeDefinition(min = "0", description = "Number of times the sink must try renaming a file, after"
            + " initiating a close attempt. If set to 1, this sink will not re-try a failed rename; 0: until"
            + " the rename succeeds")
    int hdfs_closeTries() default 0;

    @AttributeDefinition(description = "Time in seconds between consecutive attempts to close a file.")
    long hdfs_retryInterval() default 180;

    @AttributeDefinition(description = "With file:// paths, write through Hadoop's raw local file system"
            + " (no .crc files beside each file)")
    boolean hdfs_useRawLocalFileSystem() default false;

    /** A serializer type: text, header_and_text, avro_event, or a custom one's alias or Builder class name. */
    @AttributeDefinition(description = "Other possible options include avro_event or the fully-qualified class"
            + " name of an implementation of the EventSerializer.Builder interface (DataStream and"
            + " CompressedStream); its settings are serializer.*")
    String serializer() default "TEXT";
}

package org.millrace.sink.hdfs.internal;

import static org.millrace.api.SinkCounter.Name.EventWriteFail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's hdfs sink. Each batch is written into the buckets its events' escaped paths name and every bucket it
 * touched is hflushed before the channel transaction commits; a failure closes those buckets' files (the batch's
 * retry goes to fresh files) and rolls the transaction back. The whole batch is one Hadoop call bounded by
 * hdfs.callTimeout (Flume bounds each event's write, through a thread hand-off per event).
 */
final class HdfsSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsSink.class);

    /** The sink's settings, checked. */
    record Settings(PathEscapes path, PathEscapes filePrefix, Bucket.Settings bucket, FileFormat format,
            int maxOpenFiles, long callTimeoutMillis, int threadsPoolSize, int rollTimerPoolSize,
            boolean rawLocal, Kerberos kerberos) {
    }

    /** hdfs.kerberosPrincipal, hdfs.kerberosKeytab and hdfs.proxyUser; empty strings where not set. */
    record Kerberos(String principal, String keytab, String proxyUser) {
    }

    private final Settings settings;
    private final Supplier<org.apache.hadoop.conf.Configuration> hadoopConf;
    /** Open buckets, least recently written first (Flume's WriterLinkedHashMap). Guarded by itself. */
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private HdfsCalls calls;
    /** The bucket of the last event written, and its path: the next event most likely goes there too. */
    private Bucket lastBucket;
    private String lastDirectory;
    private String lastPrefix;

    HdfsSink(Settings settings, Supplier<org.apache.hadoop.conf.Configuration> hadoopConf) {
        super(settings.bucket().batchSize());
        this.settings = settings;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public void start(SinkContext context) throws Exception {
        super.start(context);
        calls = new HdfsCalls(context.label(), hadoopConf.get(), settings.callTimeoutMillis(),
                settings.threadsPoolSize(), settings.rollTimerPoolSize(), settings.rawLocal());
        Kerberos k = settings.kerberos();
        calls.login(k.principal(), k.keytab(), k.proxyUser());
    }

    @Override
    protected void deliver(List<Event> batch) throws IOException, InterruptedException {
        try {
            calls.call("writing " + batch.size() + " events", () -> {
                write(batch);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            context().counter().increment(EventWriteFail);
            throw e;
        }
    }

    private void write(List<Event> batch) throws IOException, InterruptedException {
        Set<Bucket> touched = new LinkedHashSet<>();
        try {
            for (Event event : batch) {
                String directory = settings.path().expand(event);
                String prefix = settings.filePrefix().expand(event);
                Bucket bucket = directory.equals(lastDirectory) && prefix.equals(lastPrefix) ? lastBucket
                        : bucket(directory, prefix);
                try {
                    bucket.append(event);
                } catch (Bucket.ClosedException closedByTimer) {
                    bucket = bucket(directory, prefix);
                    bucket.append(event);
                }
                lastBucket = bucket;
                lastDirectory = directory;
                lastPrefix = prefix;
                touched.add(bucket);
            }
            for (Bucket bucket : touched) {
                bucket.sync();
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // what this batch wrote is in these files, not committed: the retry goes to fresh files
            for (Bucket bucket : touched) {
                bucket.closeForGood(true);
            }
            throw e;
        }
    }

    private Bucket bucket(String directory, String prefix) {
        String key = directory + "/" + prefix;
        Bucket eldest = null;
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(key);
            if (bucket == null) {
                bucket = new Bucket(context().label(), directory, prefix, settings.bucket(), settings.format(), calls,
                        context().counter(), this::forget, System.currentTimeMillis());
                buckets.put(key, bucket);
                if (buckets.size() > settings.maxOpenFiles()) {
                    eldest = buckets.values().iterator().next();
                    buckets.values().remove(eldest);
                }
            }
        }
        if (eldest != null) { // closed outside the map's lock: a timer closing it holds its lock, then wants the map's
            LOG.info("[{}] more than hdfs.maxOpenFiles ({}) open: closing {}", context().label(),
                    settings.maxOpenFiles(), eldest);
            eldest.closeForGood(false);
        }
        return bucket;
    }

    /** A bucket closed for good leaves the map (if it is still the one there). */
    private void forget(Bucket bucket) {
        synchronized (buckets) {
            buckets.values().remove(bucket);
        }
    }

    /** Closes and renames every open file (no retries), then stops the sink's threads and file systems. */
    @Override
    public void stop() {
        if (calls == null) {
            return;
        }
        List<Bucket> open;
        synchronized (buckets) {
            open = new ArrayList<>(buckets.values());
        }
        for (Bucket bucket : open) {
            try {
                calls.call("closing " + bucket, () -> {
                    bucket.closeForGood(true);
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("[{}] closing {} failed: {}", context().label(), bucket, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        calls.close();
        calls = null;
    }
}

package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Hadoop call one sink makes, made the one way that works inside OSGi: on the sink's own threads, whose
 * context class loader is this bundle's (Hadoop finds its file systems, codecs and default configuration
 * through it), as the Kerberos or proxy user if one is configured, and bounded by {@code hdfs.callTimeout} as
 * in Flume. Holds the sink's file system instances and closes them on {@link #close()}.
 */
final class HdfsCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsCalls.class);
    private static final ClassLoader BUNDLE = HdfsCalls.class.getClassLoader();

    /** One Hadoop operation. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private final String label;
    private final Configuration conf;
    private final long timeoutMillis;
    private final boolean rawLocal;
    private final ExecutorService calls;
    private final ScheduledExecutorService timers;
    private final Map<String, FileSystem> fileSystems = new HashMap<>();
    private volatile UserGroupInformation user;

    HdfsCalls(String label, Configuration conf, long timeoutMillis, int threads, int timerThreads,
            boolean rawLocal) {
        this.label = label;
        this.conf = conf;
        this.timeoutMillis = timeoutMillis;
        this.rawLocal = rawLocal;
        this.calls = Executors.newFixedThreadPool(threads, threads(label + "-hdfs-call"));
        this.timers = Executors.newScheduledThreadPool(timerThreads, threads(label + "-hdfs-roll-timer"));
    }

    /** Logs in as Flume's hdfs.kerberosPrincipal/kerberosKeytab and impersonates hdfs.proxyUser, where set. */
    void login(String principal, String keytab, String proxyUser) throws IOException, InterruptedException {
        if (principal.isEmpty() && proxyUser.isEmpty()) {
            return;
        }
        user = call("logging in to Hadoop", () -> {
            UserGroupInformation login;
            if (!principal.isEmpty()) {
                conf.set("hadoop.security.authentication", "kerberos");
                UserGroupInformation.setConfiguration(conf);
                String resolved = org.apache.hadoop.security.SecurityUtil.getServerPrincipal(principal,
                        "0.0.0.0"); // _HOST: this host's name, as in Flume
                login = UserGroupInformation.loginUserFromKeytabAndReturnUGI(resolved, keytab);
                LOG.info("[{}] logged in to Hadoop as {} with keytab {}", label, resolved, keytab);
            } else {
                login = UserGroupInformation.getLoginUser();
            }
            return proxyUser.isEmpty() ? login : UserGroupInformation.createProxyUser(proxyUser, login);
        });
    }

    Configuration conf() {
        return conf;
    }

    /** The scheduler for roll and idle timers and retries; its threads make Hadoop calls through {@link #call}. */
    ScheduledExecutorService timers() {
        return timers;
    }

    /**
     * Runs a Hadoop operation on a call thread and waits at most hdfs.callTimeout for it; on timeout the call is
     * interrupted and this throws.
     */
    <T> T call(String what, Call<T> body) throws IOException, InterruptedException {
        Future<T> future = calls.submit(() -> {
            UserGroupInformation as = user;
            return as == null ? body.run() : as.doAs((PrivilegedExceptionAction<T>) body::run);
        });
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new InterruptedIOException(what + " took longer than hdfs.callTimeout (" + timeoutMillis
                    + " ms)");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(what + ": " + cause, cause);
        }
    }

    /** The sink's file system for a path (its scheme and authority, or fs.defaultFS); opened on first use. */
    FileSystem fileSystem(Path path) throws IOException {
        URI uri = path.toUri();
        URI key = uri.getScheme() == null ? FileSystem.getDefaultUri(conf)
                : URI.create(uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority()) + "/");
        synchronized (fileSystems) {
            FileSystem fs = fileSystems.get(key.toString());
            if (fs == null) {
                fs = HadoopConfiguration.open(key, conf);
                if (rawLocal && fs instanceof LocalFileSystem local) {
                    fs = local.getRaw();
                }
                fileSystems.put(key.toString(), fs);
            }
            return fs;
        }
    }

    /** Stops the call and timer threads and closes the file systems (their clients, leases and sockets). */
    @Override
    public void close() {
        timers.shutdownNow();
        calls.shutdown();
        try {
            if (!calls.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                calls.shutdownNow();
            }
        } catch (InterruptedException e) {
            calls.shutdownNow();
            Thread.currentThread().interrupt();
        }
        synchronized (fileSystems) {
            for (FileSystem fs : fileSystems.values()) {
                try {
                    fs.close();
                } catch (IOException e) {
                    LOG.warn("[{}] closing {} failed: {}", label, fs.getUri(), e.toString());
                }
            }
            fileSystems.clear();
        }
    }

    /** Threads whose context class loader is this bundle's, so Hadoop's lookups find its own classes. */
    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(BUNDLE);
            return t;
        };
    }

    /** Runs code with this bundle's loader as the context class loader (Hadoop's static lookups use it). */
    static <T> T withBundleLoader(java.util.concurrent.Callable<T> body) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(BUNDLE);
        try {
            return body.call();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}

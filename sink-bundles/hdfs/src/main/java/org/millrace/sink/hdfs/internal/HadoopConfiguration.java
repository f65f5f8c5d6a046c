package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hadoop configuration the sinks use: Hadoop's defaults from this bundle, then {@code core-site.xml} and
 * {@code hdfs-site.xml} from the Hadoop configuration directory Flume's launcher would put on its class path
 * ({@code $HADOOP_CONF_DIR}, else {@code $HADOOP_HOME/etc/hadoop}), then those in Karaf's {@code etc/hadoop/},
 * which override them. Also finds codecs by Flume's names and opens file systems outside Hadoop's cache, so no
 * Hadoop shutdown hook is left behind in the JVM when the bundle goes.
 */
final class HadoopConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopConfiguration.class);
    /** Codecs Flume lists but that need native libraries this distribution does not have. */
    private static final List<String> NATIVE_ONLY = List.of("lzo", "lzop", "lzocodec", "lzopcodec", "zstd",
            "zstandard", "zstandardcodec");

    private final List<java.nio.file.Path> files;

    HadoopConfiguration(List<java.nio.file.Path> directories) {
        List<java.nio.file.Path> found = new ArrayList<>();
        for (java.nio.file.Path dir : directories) {
            for (String name : List.of("core-site.xml", "hdfs-site.xml")) {
                java.nio.file.Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    found.add(file.toAbsolutePath());
                }
            }
        }
        this.files = List.copyOf(found);
        if (!files.isEmpty()) {
            LOG.info("Hadoop configuration from {}", files);
        }
    }

    /** The directories of this host: $HADOOP_CONF_DIR or $HADOOP_HOME/etc/hadoop, then Karaf's etc/hadoop. */
    static HadoopConfiguration fromEnvironment() {
        List<java.nio.file.Path> dirs = new ArrayList<>();
        String confDir = System.getenv("HADOOP_CONF_DIR");
        String home = System.getenv("HADOOP_HOME");
        if (confDir != null && !confDir.isBlank()) {
            dirs.add(java.nio.file.Path.of(confDir));
        } else if (home != null && !home.isBlank()) {
            dirs.add(java.nio.file.Path.of(home, "etc", "hadoop"));
        }
        String karafEtc = System.getProperty("karaf.etc");
        if (karafEtc != null) {
            dirs.add(java.nio.file.Path.of(karafEtc, "hadoop"));
        }
        return new HadoopConfiguration(dirs);
    }

    /** A fresh configuration that loads Hadoop's defaults and file systems from this bundle. */
    Configuration configuration() {
        Configuration conf = new Configuration();
        conf.setClassLoader(HadoopConfiguration.class.getClassLoader());
        for (java.nio.file.Path file : files) {
            conf.addResource(new Path(file.toUri()));
        }
        conf.setBoolean("fs.automatic.close", false);
        return conf;
    }

    /** A file system outside Hadoop's cache (whose first use registers a JVM shutdown hook), initialised. */
    static FileSystem open(java.net.URI uri, Configuration conf) throws IOException {
        FileSystem fs = ReflectionUtils.newInstance(FileSystem.getFileSystemClass(uri.getScheme(), conf), conf);
        fs.initialize(uri, conf);
        return fs;
    }

    /**
     * The codec Flume's hdfs.codeC names: a codec's class name, its simple name, or that without "Codec",
     * ignoring case (gzip, bzip2, deflate, default, snappy, lz4).
     *
     * @throws IllegalArgumentException naming the codecs there are, or why lzo and zstd are not among them
     */
    CompressionCodec codec(String name) {
        String wanted = name.trim();
        if (NATIVE_ONLY.contains(wanted.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not available: lzo and lzop need the GPL hadoop-lzo library and"
                    + " zstd Hadoop's native library, neither of which Millrace ships; use gzip, bzip2, snappy or lz4");
        }
        try {
            return HdfsCalls.withBundleLoader(() -> {
                Configuration conf = configuration();
                List<String> names = new ArrayList<>();
                for (Class<? extends CompressionCodec> codec : CompressionCodecFactory.getCodecClasses(conf)) {
                    String simple = codec.getSimpleName();
                    names.add(simple.endsWith("Codec") ? simple.substring(0, simple.length() - 5).toLowerCase(
                            Locale.ROOT) : simple);
                    if (codec.getName().equals(wanted) || simple.equalsIgnoreCase(wanted)
                            || simple.endsWith("Codec") && simple.substring(0, simple.length() - 5)
                                    .equalsIgnoreCase(wanted)) {
                        return ReflectionUtils.newInstance(codec, conf);
                    }
                }
                names.removeIf(n -> NATIVE_ONLY.contains(n.toLowerCase(Locale.ROOT)) || n.equals("passthrough"));
                throw new IllegalArgumentException("no such codec; available: " + names);
            });
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load codecs: " + e, e);
        }
    }

    /** Nothing of Hadoop's static caches refers to file systems this bundle opened (they are not cached). */
    void close() {
        try {
            FileSystem.closeAll();
        } catch (IOException e) {
            LOG.debug("closing Hadoop's cached file systems: {}", e.toString());
        }
    }
}

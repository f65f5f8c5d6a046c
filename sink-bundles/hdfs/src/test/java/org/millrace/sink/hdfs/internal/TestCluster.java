package org.millrace.sink.hdfs.internal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** An HDFS of one NameNode and one DataNode in the test JVM, one per test class. */
final class TestCluster {
    private TestCluster() {
    }

    /** Started and ready, its files under target/. */
    static MiniDFSCluster start(String name) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, "target/minidfs-" + name + "-" + ProcessHandle.current().pid());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        return cluster;
    }

    /** {@code hdfs://localhost:<port>}. */
    static String root(MiniDFSCluster cluster) {
        return "hdfs://localhost:" + cluster.getNameNodePort();
    }

    /** Waits (up to a minute) until HDFS has closed a file whose writer could not: its lease recovered. */
    static void awaitLeaseRecovered(DistributedFileSystem fs, Path file) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!fs.recoverLease(file) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
    }
}

package org.millrace.karaf.installer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.millrace.karaf.installer.internal.FeatureStubs.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectorInstallerTest {
    private final FeatureStubs karaf = new FeatureStubs();
    /** Tries again the installer asked for, and after how many seconds. */
    private final List<Runnable> later = new ArrayList<>();
    private final List<Long> laterSeconds = new ArrayList<>();
    private ConnectorInstaller installer;

    @BeforeEach
    void features() {
        karaf.available.add(feature("millrace-sink-hdfs", "0.1.0",
                "millrace.connector;kind=sink;types=\"hdfs,org.apache.flume.sink.hdfs.HDFSEventSink\""));
        karaf.available.add(feature("millrace-source-syslog", "0.1.0",
                "millrace.connector;kind=source;types=\"syslogtcp,syslogudp\""));
        installer = new ConnectorInstaller(karaf.service(), Runnable::run, this::later, new ConcurrentHashMap<>());
    }

    @Test
    void aMissingTypesFeatureIsInstalledOnceWithoutRefreshingRunningBundles() {
        installer.missing("a1", "sink", "hdfs");
        installer.missing("a1", "sink", "HDFS");
        installer.missing("a2", "sink", "org.apache.flume.sink.hdfs.HDFSEventSink");
        assertEquals(List.of("millrace-sink-hdfs [NoAutoRefreshBundles]"), karaf.installCalls);
    }

    @Test
    void aTypeOfTheWrongKindOrOfNoFeatureInstallsNothing() {
        installer.missing("a1", "source", "hdfs");
        installer.missing("a1", "sink", "com.acme.MySink");
        assertEquals(List.of(), karaf.installCalls);
    }

    @Test
    void aFeatureInstalledAlreadyIsLeftAsItIs() {
        karaf.installed.add("millrace-source-syslog");
        installer.missing("a1", "source", "syslogudp");
        assertEquals(List.of(), karaf.installCalls);
    }

    @Test
    void aFeatureSomeoneUninstalledIsNotInstalledAgain() {
        installer.missing("a1", "source", "syslogtcp");
        karaf.uninstall("millrace-source-syslog");
        installer.missing("a1", "source", "syslogudp");
        assertEquals(List.of("millrace-source-syslog [NoAutoRefreshBundles]"), karaf.installCalls);
    }

    @Test
    void aFailedInstallIsTriedAgainLaterAFewTimesNotOncePerType() {
        karaf.installFailure = new IllegalStateException("no such artifact");
        installer.missing("a1", "source", "syslogtcp");
        installer.missing("a1", "source", "syslogudp");
        assertEquals(1, karaf.installCalls.size());
        runLater();
        assertEquals(List.of(2L, 4L, 8L, 16L), laterSeconds);
        assertEquals(5, karaf.installCalls.size());
    }

    @Test
    void anInstallThatFailedOnceIsDoneWhenTriedAgain() {
        karaf.installFailure = new IllegalStateException("the features service is busy");
        installer.missing("a1", "source", "syslogtcp");
        karaf.installFailure = null;
        runLater();
        installer.missing("a1", "source", "syslogudp");
        assertEquals(List.of("millrace-source-syslog [NoAutoRefreshBundles]",
                "millrace-source-syslog [NoAutoRefreshBundles]"), karaf.installCalls);
        assertEquals(List.of(2L), laterSeconds);
        assertEquals(Set.of("millrace-source-syslog"), karaf.installed);
    }

    @Test
    void aFailedListingIsTriedAgainLater() {
        karaf.listFailure = new IllegalStateException("a repository cannot be read");
        installer.missing("a1", "sink", "hdfs");
        assertEquals(List.of(), karaf.installCalls);
        karaf.listFailure = null;
        runLater();
        assertEquals(List.of("millrace-sink-hdfs [NoAutoRefreshBundles]"), karaf.installCalls);
    }

    private void later(Runnable task, long seconds) {
        later.add(task);
        laterSeconds.add(seconds);
    }

    private void runLater() {
        while (!later.isEmpty()) {
            later.remove(0).run();
        }
    }

    @Test
    void aRepositoryAddedLaterIsSearchedForTypesSeenBefore() {
        installer.missing("a1", "channel", "kafka");
        karaf.available.add(feature("millrace-channel-kafka", "0.1.0", "millrace.connector;kind=channel;types=kafka"));
        karaf.addRepository();
        installer.missing("a1", "channel", "kafka");
        assertEquals(List.of("millrace-channel-kafka [NoAutoRefreshBundles]"), karaf.installCalls);
    }

    @Test
    void aReplacedInstallerLeavesWhatTheOldOneInstalledAndInstallsWhatItDidNotRun() {
        // Karaf replaces its features service: the old one ran one install and refused another, being stopped;
        // a third was still queued when SCR replaced the installer. The new service does not know of the first.
        karaf.available.add(feature("millrace-channel-kafka", "0.1.0", "millrace.connector;kind=channel;types=kafka"));
        ConcurrentMap<String, CompletableFuture<Boolean>> started = new ConcurrentHashMap<>();
        List<Runnable> oldWorker = new ArrayList<>();
        ConnectorInstaller old = new ConnectorInstaller(karaf.service(), oldWorker::add, this::later, started);
        old.missing("a1", "sink", "hdfs");
        old.missing("a1", "source", "syslogtcp");
        old.missing("a1", "channel", "kafka");
        oldWorker.remove(0).run();
        karaf.installFailure = new RejectedExecutionException("the service's executor is shut down");
        oldWorker.remove(0).run();
        old.deactivate();
        oldWorker.forEach(Runnable::run);

        FeatureStubs replaced = new FeatureStubs();
        replaced.available.addAll(karaf.available);
        ConnectorInstaller next = new ConnectorInstaller(replaced.service(), Runnable::run, this::later, started);
        // the platform tells a new handler what its agents miss
        next.missing("a1", "sink", "hdfs");
        next.missing("a1", "source", "syslogtcp");
        next.missing("a1", "channel", "kafka");
        assertEquals(List.of("millrace-sink-hdfs [NoAutoRefreshBundles]",
                "millrace-source-syslog [NoAutoRefreshBundles]"), karaf.installCalls);
        assertEquals(List.of("millrace-source-syslog [NoAutoRefreshBundles]",
                "millrace-channel-kafka [NoAutoRefreshBundles]"), replaced.installCalls);
        assertEquals(List.of(), later, "a refusal by a service being replaced is not tried again");
    }
}

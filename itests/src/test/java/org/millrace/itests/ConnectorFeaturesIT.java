package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Capability;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The distribution boots only the quick start's connectors: a flow naming other types gets their features
 * installed while it waits, without a restart, and a feature someone uninstalls stays uninstalled. Every connector
 * feature declares exactly the types its bundles register, which is what the installer goes by.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConnectorFeaturesIT extends MillraceTestSupport {
    private static final Pattern CAPABILITY = Pattern.compile(
            "millrace\\.connector;kind=\"?([a-z ]+)\"?;types=\"?([^\"]+)\"?");

    /** The features of the types the first flow names beside the quick start's. */
    private static final List<String> ON_DEMAND = List.of("millrace-source-seq", "millrace-interceptor-core",
            "millrace-sink-null", "millrace-sink-processors");

    @Inject
    private FeaturesService features;

    @Test
    public void aFlowNamingTypesTheDistributionDoesNotBootGetsTheirFeaturesAndRuns() throws Exception {
        for (String f : ON_DEMAND) {
            assertFalse(f + " booted", features.isInstalled(features.getFeature(f)));
        }
        configureAgent("demand", flume("""
                demand.sources = r1
                demand.channels = c1
                demand.sinks = k1 k2
                demand.sinkgroups = g1
                demand.sources.r1.type = seq
                demand.sources.r1.totalEvents = 5000
                demand.sources.r1.channels = c1
                demand.sources.r1.interceptors = i1
                demand.sources.r1.interceptors.i1.type = org.apache.flume.interceptor.TimestampInterceptor$Builder
                demand.channels.c1.type = memory
                demand.sinks.k1.type = null
                demand.sinks.k1.channel = c1
                demand.sinks.k2.type = org.apache.flume.sink.NullSink
                demand.sinks.k2.channel = c1
                demand.sinkgroups.g1.sinks = k1 k2
                demand.sinkgroups.g1.processor.type = failover
                demand.sinkgroups.g1.processor.priority.k1 = 10
                demand.sinkgroups.g1.processor.priority.k2 = 5
                """));
        awaitRunning("demand");
        awaitAgent("demand", a -> a.component(ComponentKind.SINK, "k1").eventsOut() == 5000, "5000 events delivered");
        for (String f : ON_DEMAND) {
            assertTrue(f + " installed", features.isInstalled(features.getFeature(f)));
        }

        // someone uninstalls a feature the flow uses: its sinks wait for the type, and it is not put back
        features.uninstallFeature("millrace-sink-null", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitState("demand", ComponentKind.SINK, "k1", ComponentState.WAITING_FOR_TYPE);
        configureAgent("demand2", flume("""
                demand2.sources = r1
                demand2.channels = c1
                demand2.sinks = k1
                demand2.sources.r1.type = seq
                demand2.sources.r1.channels = c1
                demand2.channels.c1.type = memory
                demand2.sinks.k1.type = null
                demand2.sinks.k1.channel = c1
                """));
        awaitState("demand2", ComponentKind.SOURCE, "r1", ComponentState.RUNNING);
        Thread.sleep(3000);
        assertFalse(features.isInstalled(features.getFeature("millrace-sink-null")));
        assertEquals(ComponentState.WAITING_FOR_TYPE, agents.get("demand2").orElseThrow()
                .component(ComponentKind.SINK, "k1").state());
        assertEquals(ComponentState.WAITING_FOR_TYPE, agents.get("demand").orElseThrow()
                .component(ComponentKind.SINK, "k2").state());

        // installing it by hand brings both agents' sinks back
        features.installFeature("millrace-sink-null", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitRunning("demand");
        awaitRunning("demand2");
    }

    @Test
    public void everyConnectorFeatureDeclaresExactlyTheTypesItsBundlesRegister() throws Exception {
        Map<String, Feature> declaring = new TreeMap<>();
        Set<String> connectorFeatures = new TreeSet<>();
        for (Feature f : features.listFeatures()) {
            for (Capability c : f.getCapabilities()) {
                Matcher m = CAPABILITY.matcher(c.getValue());
                if (c.getValue().startsWith("millrace.connector")) {
                    assertTrue(f.getName() + ": " + c.getValue(), m.matches());
                    for (String type : m.group(2).split(",")) {
                        if (type.equals("*")) {
                            continue; // any class name: the Flume plugins' types, registered when a flow names one
                        }
                        declaring.put(m.group(1) + ": " + type.toLowerCase(Locale.ROOT), f);
                    }
                    connectorFeatures.add(f.getName());
                }
            }
        }
        assertTrue(connectorFeatures.toString(), connectorFeatures.containsAll(List.of("millrace-source-netcat",
                "millrace-sink-hdfs", "millrace-channel-kafka", "millrace-interceptor-regex",
                "millrace-channel-selectors", "millrace-sink-processors")));
        features.installFeatures(connectorFeatures, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));

        Set<String> registered = new TreeSet<>();
        List<String> wrongFeature = new ArrayList<>();
        for (String line : agents.installedTypes()) { // "sink: avro, org.apache.flume.sink.avrosink (org.millrace.sink.avro 0.1.0)"
            Matcher m = Pattern.compile("([a-z ]+): (.+) \\((\\S+)[^)]*\\)").matcher(line);
            assertTrue(line, m.matches());
            if (m.group(3).equals("platform")) {
                continue; // the replicating selector and the default sink processor come with the platform
            }
            for (String type : m.group(2).split(", ")) {
                String key = m.group(1) + ": " + type;
                registered.add(key);
                Feature f = declaring.get(key);
                if (f != null && !bundlesOf(f).contains(m.group(3))) {
                    wrongFeature.add(key + " is registered by " + m.group(3) + ", declared by " + f.getName());
                }
            }
        }
        assertEquals("declared by features (left) and registered by their bundles (right)", declaring.keySet(),
                registered);
        assertEquals(List.of(), wrongFeature);
    }

    private Set<String> bundlesOf(Feature feature) {
        Set<String> names = new TreeSet<>();
        for (BundleInfo b : feature.getBundles()) {
            Bundle installed = bundleContext.getBundle(b.getLocation());
            if (installed != null) {
                names.add(installed.getSymbolicName());
            }
        }
        return names;
    }
}

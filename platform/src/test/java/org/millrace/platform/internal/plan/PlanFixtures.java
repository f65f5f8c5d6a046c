package org.millrace.platform.internal.plan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.Resource;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceFactory;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.runtime.ConnectorCatalog;

/**
 * Connectors for plan tests, and a way to describe "model A runs" as the planner sees it. Channels of type
 * {@code queue} take a new {@code capacity} in place; type {@code disk} is durable, stored in its {@code dir}.
 * Sources {@code push} hold their {@code port}; sinks {@code list} their {@code dir}; processor {@code pair}
 * drives two sinks; interceptor {@code tag}. A sink of type {@code needs} waits for plug-in type {@code codec}.
 */
final class PlanFixtures {
    final ConnectorCatalog catalog = new ConnectorCatalog();
    final ChannelFactory queues = config -> channel(config, false);
    final ChannelFactory disks = config -> channel(config, true);
    final SourceFactory pushes = config -> {
        String port = config.get("port");
        return new EventDrivenSource() {
            @Override
            public List<Resource> resources() {
                return port == null ? List.of() : List.of(Resource.tcpPort("localhost", Integer.parseInt(port)));
            }

            @Override
            public void start(SourceContext context) {
            }

            @Override
            public void stop() {
            }
        };
    };
    final SinkFactory lists = config -> sink(config.get("dir"));
    final SinkFactory needsCodec = config -> {
        throw new ConfigurationException(ConfigProblem.typeNotInstalled(config.key("codec"), config.get("codec"),
                "codec"));
    };
    final InterceptorFactory tags = config -> {
        config.get("mark");
        return event -> event;
    };
    final SinkProcessorFactory pairs = (config, sinks) -> {
        if (sinks.size() != 2) {
            throw new ConfigurationException(config.problem("type", "a pair drives two sinks"));
        }
        return () -> Status.BACKOFF;
    };

    PlanFixtures() {
        catalog.add(ConnectorKind.CHANNEL, queues, List.of("queue"), 0, "test");
        catalog.add(ConnectorKind.CHANNEL, disks, List.of("disk"), 0, "test");
        catalog.add(ConnectorKind.SOURCE, pushes, List.of("push"), 0, "test");
        catalog.add(ConnectorKind.SINK, lists, List.of("list"), 0, "test");
        catalog.add(ConnectorKind.SINK, needsCodec, List.of("needs"), 0, "test");
        catalog.add(ConnectorKind.INTERCEPTOR, tags, List.of("tag"), 0, "test");
        catalog.add(ConnectorKind.SINK_PROCESSOR, pairs, List.of("pair"), 0, "test");
    }

    /** A channel that takes a capacity change in place and holds {@code events} committed events. */
    static final class TestChannel extends QueueChannel {
        final ComponentConfig config;
        final boolean durable;

        TestChannel(ComponentConfig config, boolean durable) {
            this.config = config;
            this.durable = durable;
        }

        @Override
        public boolean isDurable() {
            return durable;
        }

        @Override
        public List<Resource> resources() {
            List<Resource> out = new java.util.ArrayList<>();
            for (String key : List.of("dir", "backup")) {
                String dir = config.get(key);
                if (durable && dir != null) {
                    out.add(Resource.directory(Path.of(dir)));
                }
            }
            return out;
        }

        @Override
        public boolean canReconfigure(ComponentConfig next) {
            Map<String, String> a = new LinkedHashMap<>(config.properties());
            Map<String, String> b = new LinkedHashMap<>(next.properties());
            a.remove("capacity");
            b.remove("capacity");
            return a.equals(b);
        }
    }

    private static TestChannel channel(ComponentConfig config, boolean durable) {
        config.get("capacity");
        config.get("dir");
        config.get("backup");
        return new TestChannel(config, durable);
    }

    private static Sink sink(String dir) {
        return new Sink() {
            @Override
            public List<Resource> resources() {
                return dir == null ? List.of() : List.of(Resource.directory(Path.of(dir)));
            }

            @Override
            public void start(SinkContext context) {
            }

            @Override
            public Status process() {
                return Status.BACKOFF;
            }

            @Override
            public void stop() {
            }
        };
    }

    /** A model of agent a1 from Flume lines. */
    static FlowModel model(String flume) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : flume.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            props.put(kv[0].trim(), kv[1].trim());
        }
        return FlumeConfigParser.parse("a1", null, props);
    }

    /** Everything of a model running, built by this catalog's factories, as an agent would hold it. */
    RunningFlow running(FlowModel model) throws ConfigurationException {
        Map<String, RunningFlow.LiveChannel> channels = new LinkedHashMap<>();
        for (var c : model.channels().values()) {
            ChannelFactory f = Objects.requireNonNull(catalog.find(ConnectorKind.CHANNEL, c.type()));
            channels.put(c.name(), new RunningFlow.LiveChannel(c, f, f.create(c.config("a1")), null));
        }
        Map<String, RunningFlow.LiveSource> sources = new LinkedHashMap<>();
        for (var s : model.sources().values()) {
            SourceFactory f = catalog.find(ConnectorKind.SOURCE, s.component().type());
            List<Object> route = new java.util.ArrayList<>();
            route.add(catalog.find(ConnectorKind.SELECTOR, s.selector().type()));
            s.interceptors().forEach(i -> route.add(catalog.find(ConnectorKind.INTERCEPTOR, i.type())));
            sources.put(s.component().name(), new RunningFlow.LiveSource(s, f, f.create(s.component().config("a1"))
                    .resources(), new RunningFlow.LiveRoute(s, route)));
        }
        Map<String, RunningFlow.LiveSink> sinks = new LinkedHashMap<>();
        for (var k : model.sinks().values()) {
            SinkFactory f = catalog.find(ConnectorKind.SINK, k.component().type());
            sinks.put(k.component().name(), new RunningFlow.LiveSink(k, f, f.create(k.component().config("a1"))
                    .resources()));
        }
        Map<String, RunningFlow.LiveRunner> runners = new LinkedHashMap<>();
        RunnerSpec.of(model).forEach((key, r) -> runners.put(key, new RunningFlow.LiveRunner(r,
                catalog.find(ConnectorKind.SINK_PROCESSOR, r.processor().type()))));
        return new RunningFlow(channels, sources, sinks, runners, Map.of());
    }
}

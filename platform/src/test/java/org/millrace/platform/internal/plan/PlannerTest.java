package org.millrace.platform.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.millrace.platform.internal.plan.PlanFixtures.model;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.millrace.api.Event;
import org.millrace.api.Resource;
import org.millrace.api.Transaction;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.internal.flow.Finding;
import org.millrace.platform.internal.flow.FlowModel;

/** The plan for every kind of transition, as {@code millrace:diff} prints it. */
class PlannerTest {
    private final PlanFixtures fixtures = new PlanFixtures();

    static final String BASE = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = push
            a1.sources.r1.port = 5000
            a1.sources.r1.channels = c1
            a1.channels.c1.type = queue
            a1.sinks.k1.type = list
            a1.sinks.k1.channel = c1
            """;

    static final String GROUP = BASE + """
            a1.sinks = k1 k2
            a1.sinks.k2.type = list
            a1.sinks.k2.channel = c1
            a1.sinkgroups = g1
            a1.sinkgroups.g1.sinks = k1 k2
            a1.sinkgroups.g1.processor.type = pair
            """;

    static final String DISK = BASE.replace("c1.type = queue", "c1.type = disk\na1.channels.c1.dir = /var/d");

    /** One transition: what runs, the next model, the plan's lines. */
    record Case(String name, String running, String next, List<String> plan) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> transitions() {
        return Stream.of(
                new Case("nothing changes", BASE, BASE,
                        List.of("keep source r1", "keep channel c1", "keep sink k1")),
                new Case("a sink property replaces only the sink", BASE, BASE + "a1.sinks.k1.dir = /var/k\n",
                        List.of("replace sink k1: dir (unset) -> /var/k", "keep source r1", "keep channel c1")),
                new Case("a setting the channel takes in place reconfigures it; its source's route is rebuilt", BASE,
                        BASE + "a1.channels.c1.capacity = 500\n",
                        List.of("rewire source r1: channel c1 is reconfigured",
                                "reconfigure channel c1: capacity (unset) -> 500; its events stay in it",
                                "keep sink k1")),
                new Case("a new channel type replaces the channel and hands its events over", BASE,
                        BASE.replace("c1.type = queue", "c1.type = disk"),
                        List.of("rewire source r1: channel c1 is replaced",
                                "replace channel c1: type queue -> disk; its 0 committed events are handed to the new"
                                        + " instance",
                                "keep sink k1: pauses while its channel c1 is replaced")),
                new Case("a durable channel replaced on the same storage leaves its events for the new instance",
                        DISK, DISK + "a1.channels.c1.mode = fast\n",
                        List.of("rewire source r1: channel c1 is replaced",
                                "replace channel c1: mode (unset) -> fast; its 0 committed events stay in directory"
                                        + " /var/d, where the new instance finds them",
                                "keep sink k1: pauses while its channel c1 is replaced")),
                new Case("a durable channel moving to other storage is drained by its sinks first", DISK,
                        DISK.replace("/var/d", "/var/e"),
                        List.of("rewire source r1: channel c1 is replaced",
                                "replace channel c1: dir /var/d -> /var/e; its sinks drain its 0 committed events first"
                                        + " (up to 10 s); what is left stays in directory /var/d for a later channel on"
                                        + " that storage",
                                "keep sink k1: pauses while its channel c1 is replaced")),
                new Case("a removed channel is drained by its sinks, then what is left is kept aside", BASE,
                        BASE.replace("a1.channels = c1", "a1.channels = c2").replace("channels.c1", "channels.c2")
                                .replace("channels = c1", "channels = c2").replace("channel = c1", "channel = c2"),
                        List.of("rewire source r1: channels [c2]",
                                "stop channel c1: its sinks drain its 0 committed events first (up to 10 s); what is"
                                        + " left is kept aside until a channel of this name runs again",
                                "start channel c2", "replace sink k1: drains c2 instead of c1")),
                new Case("an interceptor rewires its source without restarting it", BASE, BASE + """
                        a1.sources.r1.interceptors = i1
                        a1.sources.r1.interceptors.i1.type = tag
                        """, List.of("rewire source r1: interceptors [i1(tag)]", "keep channel c1", "keep sink k1")),
                new Case("a source property replaces the source", BASE, BASE.replace("5000", "5001"),
                        List.of("replace source r1: port 5000 -> 5001", "keep channel c1", "keep sink k1")),
                new Case("added components start", BASE, BASE + """
                        a1.channels = c1 c2
                        a1.sinks = k1 k2
                        a1.channels.c2.type = queue
                        a1.sinks.k2.type = list
                        a1.sinks.k2.channel = c2
                        """, List.of("start channel c2", "start sink k2", "keep source r1", "keep channel c1",
                        "keep sink k1")),
                new Case("a replaced member keeps its group's processor", GROUP, GROUP + "a1.sinks.k2.dir = /var/k\n",
                        List.of("replace sink k2: dir (unset) -> /var/k",
                                "rewire sink group g1: pauses while sink k2 is replaced; its processor keeps its state",
                                "keep source r1", "keep channel c1", "keep sink k1")),
                new Case("a replaced channel pauses the group, which keeps its processor", GROUP,
                        GROUP.replace("c1.type = queue", "c1.type = disk"),
                        List.of("rewire source r1: channel c1 is replaced",
                                "replace channel c1: type queue -> disk; its 0 committed events are handed to the new"
                                        + " instance",
                                "rewire sink group g1: pauses while channel c1 is replaced; its processor keeps its"
                                        + " state",
                                "keep sink k1: pauses while its channel c1 is replaced",
                                "keep sink k2: pauses while its channel c1 is replaced")),
                new Case("a changed processor replaces the group", GROUP, GROUP + "a1.sinkgroups.g1.processor.x = 1\n",
                        List.of("replace sink group g1: x (unset) -> 1", "keep source r1", "keep channel c1",
                                "keep sink k1", "keep sink k2")),
                new Case("a type no bundle provides stops the sink, which waits", BASE,
                        BASE.replace("k1.type = list", "k1.type = later"),
                        List.of("stop sink k1: no installed bundle provides sink type 'later'", "keep source r1",
                                "keep channel c1")),
                new Case("a plug-in type no bundle provides makes the sink wait", "", BASE
                        .replace("k1.type = list", "k1.type = needs\na1.sinks.k1.codec = snappy"),
                        List.of("start source r1", "start channel c1",
                                "wait sink k1: no installed bundle provides codec type 'snappy'")),
                new Case("a second component on the same port is refused", BASE, BASE + """
                        a1.sources = r1 r2
                        a1.sources.r2.type = push
                        a1.sources.r2.port = 5000
                        a1.sources.r2.channels = c1
                        """, List.of("wait source r2: would hold TCP port 127.0.0.1:5000, but source r1 of this agent"
                        + " holds TCP port 127.0.0.1:5000", "keep source r1", "keep channel c1", "keep sink k1")),
                new Case("a sink on a channel no bundle provides waits for it", "",
                        BASE.replace("c1.type = queue", "c1.type = later"),
                        List.of("wait source r1: its channel c1 is not running",
                                "wait channel c1: no installed bundle provides channel type 'later'",
                                "wait sink k1: its channel c1 is not running")),
                new Case("everything of a removed flow stops", BASE, """
                        a1.channels = c9
                        a1.sinks = k9
                        a1.channels.c9.type = queue
                        a1.sinks.k9.type = list
                        a1.sinks.k9.channel = c9
                        """, List.of("stop source r1", "stop channel c1: its sinks drain its 0 committed events first"
                                + " (up to 10 s); what is left is kept aside until a channel of this name runs again",
                                "start channel c9", "stop sink k1", "start sink k9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void thePlanSaysWhatHappensToEachComponentAndWhy(Case c) throws Exception {
        RunningFlow running = c.running().isEmpty() ? RunningFlow.nothing() : fixtures.running(model(c.running()));
        assertEquals(c.plan(), Planner.plan(running, model(c.next()), fixtures.catalog, List.of()).describe());
    }

    private FlowPlan plan(String running, String next) throws Exception {
        return Planner.plan(fixtures.running(model(running)), model(next), fixtures.catalog, List.of());
    }

    @Test
    void aChannelsEventCountAndStorageAreInItsStep() throws Exception {
        RunningFlow running = fixtures.running(model(DISK));
        try (Transaction tx = running.channels().get("c1").instance().newTransaction()) {
            tx.begin();
            tx.putAll(List.of(Event.of("a"), Event.of("b")));
            tx.commit();
        }
        FlowPlan plan = Planner.plan(running, model(BASE), fixtures.catalog, List.of());
        assertEquals("replace channel c1: type disk -> queue, dir /var/d -> (unset); its sinks drain its 2 committed"
                + " events first (up to 10 s); what is left stays in directory /var/d for a later channel on that"
                + " storage", plan.step(ComponentKind.CHANNEL, "c1").toString());
        assertEquals(FlowPlan.Events.DRAINED_THEN_LEFT_IN_STORAGE, plan.step(ComponentKind.CHANNEL, "c1").events());
    }

    @Test
    void aResourceAnotherAgentHoldsRefusesTheComponentAndNamesBoth() {
        FlowPlan plan = Planner.plan(RunningFlow.nothing(), model(BASE), fixtures.catalog,
                List.of(new Planner.Held(Resource.tcpPort("0.0.0.0", 5000), "source r9 of agent web")));
        assertEquals("wait source r1: would hold TCP port 127.0.0.1:5000, but source r9 of agent web holds TCP port"
                + " 0.0.0.0:5000", plan.step(ComponentKind.SOURCE, "r1").toString());
        assertEquals(ComponentState.FAILED, plan.step(ComponentKind.SOURCE, "r1").waitsAs());
        assertEquals(List.of("a1.sources.r1: would hold TCP port 127.0.0.1:5000, but source r9 of agent web holds TCP"
                + " port 0.0.0.0:5000"), plan.errors().stream().map(Finding::toString).toList());
    }

    @Test
    void aLeavingFactoryStopsWhatItBuiltAndANewerOneReplacesIt() throws Exception {
        RunningFlow running = fixtures.running(model(BASE));
        fixtures.catalog.remove(fixtures.lists);
        assertEquals("stop sink k1: no installed bundle provides sink type 'list'",
                Planner.plan(running, model(BASE), fixtures.catalog, List.of()).step(ComponentKind.SINK, "k1")
                        .toString());
        fixtures.catalog.add(ConnectorKind.SINK, fixtures.lists, List.of("list"), 0, "test");
        fixtures.catalog.add(ConnectorKind.SINK, (org.millrace.api.SinkFactory) config -> fixtures.lists.create(config),
                List.of("list"), 10, "newer");
        assertEquals("replace sink k1: its type is now provided by another bundle",
                Planner.plan(running, model(BASE), fixtures.catalog, List.of()).step(ComponentKind.SINK, "k1")
                        .toString());
    }

    @Test
    void eventsKeptAsideArePutBackWhenTheirChannelStarts() {
        RunningFlow running = new RunningFlow(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("c1", 3));
        assertEquals("start channel c1: 3 events kept aside are put back",
                Planner.plan(running, model(BASE), fixtures.catalog, List.of()).step(ComponentKind.CHANNEL, "c1")
                        .toString());
    }

    @Test
    void eventsStillKeptAsideArePutBackIntoTheRunningChannel() throws Exception {
        RunningFlow running = fixtures.running(model(BASE));
        RunningFlow withParked = new RunningFlow(running.channels(), running.sources(), running.sinks(),
                running.runners(), Map.of("c1", 5));
        FlowPlan plan = Planner.plan(withParked, model(BASE), fixtures.catalog, List.of());
        assertEquals("keep channel c1: 5 events kept aside are put back", plan.step(ComponentKind.CHANNEL, "c1")
                .toString());
        assertEquals(FlowPlan.Events.PUT_BACK, plan.step(ComponentKind.CHANNEL, "c1").events());
    }

    @Test
    void aChannelThatFailedToTakeAChangeInPlaceIsReplacedNext() throws Exception {
        RunningFlow running = fixtures.running(model(BASE));
        FlowModel next = model(BASE + "a1.channels.c1.capacity = 500\n");
        RunningFlow.LiveChannel c1 = running.channels().get("c1");
        RunningFlow refused = new RunningFlow(Map.of("c1", new RunningFlow.LiveChannel(c1.spec(), c1.factory(),
                c1.instance(), next.channels().get("c1"))), running.sources(), running.sinks(), running.runners(),
                Map.of());
        assertEquals(FlowPlan.Action.REPLACE, Planner.plan(refused, next, fixtures.catalog, List.of())
                .step(ComponentKind.CHANNEL, "c1").action());
    }

    @Test
    void aComponentRefusedForOneResourceHoldsNoneOfItsOthers() {
        FlowModel disks = model("""
                a1.channels = c1 c2
                a1.sinks = k1
                a1.channels.c1.type = disk
                a1.channels.c1.dir = /var/a
                a1.channels.c1.backup = /var/b
                a1.channels.c2.type = disk
                a1.channels.c2.dir = /var/a
                a1.sinks.k1.type = list
                a1.sinks.k1.channel = c2
                """);
        FlowPlan plan = Planner.plan(RunningFlow.nothing(), disks, fixtures.catalog,
                List.of(new Planner.Held(Resource.directory(java.nio.file.Path.of("/var/b")), "channel x of agent b")));
        assertEquals("wait channel c1: would hold directory /var/b, but channel x of agent b holds directory /var/b",
                plan.step(ComponentKind.CHANNEL, "c1").toString());
        assertEquals(FlowPlan.Action.START, plan.step(ComponentKind.CHANNEL, "c2").action(),
                "c1, refused, holds /var/a neither");
    }

    @Test
    void aRebuildReplacesEveryRunningComponent() throws Exception {
        FlowPlan plan = Planner.rebuild(fixtures.running(model(GROUP)), model(GROUP), fixtures.catalog, List.of());
        assertEquals(List.of("replace source r1: rebuilt on request (millrace:reload)",
                "replace channel c1: rebuilt on request (millrace:reload); its 0 committed events are handed to the"
                        + " new instance",
                "replace sink k1: rebuilt on request (millrace:reload)",
                "replace sink k2: rebuilt on request (millrace:reload)",
                "replace sink group g1: rebuilt on request (millrace:reload)"), plan.describe());
    }

    @Test
    void everyProblemOfAnAgentIsReportedTogether() {
        FlowModel broken = model("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = push
                a1.sources.r1.channels = c1
                a1.sources.r1.colour = red
                a1.channels.c1.type = queue
                a1.channels.c1.capacty = 5
                a1.sinks.k1.type = later
                a1.sinks.k1.channel = c7
                """);
        FlowPlan plan = Planner.plan(RunningFlow.nothing(), broken, fixtures.catalog, List.of());
        assertEquals(List.of(
                "ERROR a1.sinks.k1.channel = c7: channel 'c7' is not declared in a1.channels",
                "WARNING a1.channels.c1.capacty = 5: not a property of queue; ignored (did you mean capacity?)",
                "WARNING a1.sources.r1.colour = red: not a property of push; ignored",
                "WARNING a1.sinks.k1.type = later: no installed bundle provides sink type 'later'; the sink waits for"
                        + " a bundle that provides it"), plan.findingLines());
    }

    @Test
    void theClaimsAreWhatRunsAfterThePlan() throws Exception {
        FlowPlan plan = plan(BASE, BASE.replace("5000", "5001"));
        assertEquals(List.of(new FlowPlan.Claim(Resource.tcpPort("localhost", 5001), ComponentKind.SOURCE, "r1")),
                plan.claims());
        assertTrue(plan.errors().isEmpty());
    }
}

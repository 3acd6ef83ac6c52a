package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signet.e2e.NoteFlow.SETTLED;
import static org.signet.e2e.NoteFlow.awaitEnded;
import static org.signet.e2e.NoteFlow.documentsOf;
import static org.signet.e2e.NoteFlow.queued;
import static org.signet.e2e.NoteFlow.reason;
import static org.signet.e2e.NoteFlow.throughFaults;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.ReliabilityReport;
import org.signet.services.testing.ReplicaSet;

/**
 * Issue 23's two replicas: every service runs as two processes behind one front (against the one PostgreSQL and
 * Kafka) while clinicians draft and sign; one replica of each service in turn is killed without warning and started
 * again (while the next service's is killed). Every note signed is filed exactly once, every ready draft is queued
 * exactly once, and every draft job ends in a state the clinician is told (ready, or failed with its reason): none is
 * left running.
 */
class ReplicasTest {

    private static final int REPLICAS = 2;
    private static final int CLINICIANS = 3;
    /** The load runs this long before the first kill, between kills, and after the last. */
    private static final Duration BETWEEN = Duration.ofSeconds(6);
    /** How long a victim may wait for the front to hand it its first connection of the load. */
    private static final Duration SHARE_WAIT = Duration.ofSeconds(30);
    /**
     * A killed replica's Kafka partitions go to its twin once the broker misses its heartbeats for this long (the
     * client's default of 45 s would only make the test slower; the behaviour is the same).
     */
    private static final Map<String, String> REPLICA_ENV = Map.of("JAVA_TOOL_OPTIONS",
            "-Dkafka.session.timeout.ms=10000");

    /** The services that consume Kafka topics, each in a group named after it. */
    private static final Set<SignetModule> CONSUMER_GROUPS = Set.of(SignetModule.FHIR_ADAPTER, SignetModule.SIGNOFF,
            SignetModule.AUDIT);
    private static final Map<SignetModule, ReplicaSet> SETS = new EnumMap<>(SignetModule.class);
    private static NoteFlow notes;

    @BeforeAll
    static void everyServiceTwice() {
        notes = new NoteFlow();
        for (SignetModule module : SignetModule.values()) {
            SETS.put(module, BackingServices.replicate(module, REPLICAS, REPLICA_ENV));
        }
    }

    @AfterAll
    static void everyServiceOnceAgain() {
        BackingServices.restoreOnNextUse(SETS.keySet());
    }

    /** A draft asked for under load: its job, its patient, and whether it was signed. */
    private record Note(String job, CanaryChart chart, boolean signed) {}

    @Test
    void killingOneReplicaOfEachServiceInTurnLosesNoNoteAndDoublesNone() throws Exception {
        String token = notes.clinicianToken();
        AtomicBoolean loading = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Note> drafted = new ConcurrentLinkedQueue<>();
        Map<String, Throwable> broken = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(CLINICIANS);
        List<Future<?>> clinicians = new ArrayList<>();
        for (int i = 0; i < CLINICIANS; i++) {
            clinicians.add(load.submit(() -> {
                while (loading.get()) {
                    try {
                        drafted.add(draftAndSign(token));
                    } catch (Throwable e) {
                        broken.put(Thread.currentThread().getName() + "@" + Instant.now(), e);
                    }
                }
            }));
        }
        int killed = 0;
        ExecutorService restarting = Executors.newFixedThreadPool(SignetModule.values().length);
        List<Future<?>> restarts = new ArrayList<>();
        try {
            Thread.sleep(BETWEEN.toMillis());
            for (SignetModule module : SignetModule.values()) {
                int replica = killed % REPLICAS;
                assertTakingItsShare(module, replica);
                System.out.println("replicas-share service=" + module.module() + " victim=" + (replica + 1)
                        + " connections=" + SETS.get(module).connectionsHandedTo(replica) + " twin="
                        + SETS.get(module).connectionsHandedTo((replica + 1) % REPLICAS));
                SETS.get(module).kill(replica);
                ReliabilityReport.replicaKilled(module.module(), replica + 1);
                killed++;
                Thread.sleep(BETWEEN.toMillis());
                // started again while the next service loses one, as a cluster reschedules a pod: under this load a
                // start takes half a minute or more, and waiting for each in turn only made the test longer
                restarts.add(restarting.submit(() -> SETS.get(module).restart(replica)));
            }
            for (Future<?> restart : restarts) {
                restart.get();
            }
            // every replica back: the load goes on until it has signed a note per kill at least (restarts starve it
            // of CPU, so how many it managed meanwhile depends on the machine)
            Instant until = Instant.now().plus(BETWEEN);
            Instant limit = Instant.now().plus(SETTLED);
            while (Instant.now().isBefore(until) || signedSoFar(drafted) < killed && Instant.now().isBefore(limit)) {
                Thread.sleep(200);
            }
        } finally {
            loading.set(false);
            for (Future<?> clinician : clinicians) {
                clinician.get();
            }
            load.shutdownNow();
            restarting.shutdown();
        }
        assertEquals(Map.of(), broken, "a clinician's way through that no retry could finish");

        int expected = 0;
        int found = 0;
        List<String> failed = new ArrayList<>();
        for (Note note : drafted) {
            String state = awaitEnded(note.job());
            if (!"READY".equals(state)) {
                assertEquals("FAILED", state, "a job the kills stopped ends FAILED");
                assertFalse(reason(note.job()).isBlank(), "and says why");
                assertEquals(0, queued(note.job()), "a failed draft is never queued");
                failed.add(reason(note.job()));
                continue;
            }
            expected++;
            found += queued(note.job());
            if (note.signed()) {
                awaitQueueState(token, note.job(), "FILED");
                expected++;
                found += documentsOf(note.chart().patient());
            }
        }
        Thread.sleep(2_000); // a second filing or queueing, if any, has had time to land
        int again = 0;
        for (Note note : drafted) {
            if ("READY".equals(NoteFlow.column(note.job(), "state"))) {
                again += queued(note.job()) + (note.signed() ? documentsOf(note.chart().patient()) : 0);
            }
        }
        long signed = drafted.stream().filter(Note::signed).count();
        System.out.println("replicas-load drafted=" + drafted.size() + " signed=" + signed + " failed=" + failed.size()
                + " reasons=" + failed);
        ReliabilityReport.fault("replicas-killed-under-load", expected, Math.max(found, again));
        assertTrue(signed >= killed,
                "the load kept signing notes through the kills: " + drafted.size() + " drafted, failed: " + failed);
        assertEquals(expected, found, "each ready draft queued once and each signed note filed once");
        assertEquals(found, again, "nothing was queued or filed twice later");
    }

    private static long signedSoFar(ConcurrentLinkedQueue<Note> drafted) {
        return drafted.stream().filter(Note::signed).count();
    }

    /**
     * The victim was doing its share of the load: the front had handed it connections (every service the load calls
     * over HTTP; audit-service only consumes), and each replica of a Kafka consumer group holds partitions. The
     * load's client keeps connections alive, so a replica may wait a little for its first: the e2e JVM closes idle
     * ones after a few seconds (its pom), as many browsers behind one front would open new ones.
     */
    private static void assertTakingItsShare(SignetModule module, int replica) throws Exception {
        if (module != SignetModule.AUDIT) {
            Instant deadline = Instant.now().plus(SHARE_WAIT);
            while (SETS.get(module).connectionsHandedTo(replica) == 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertTrue(SETS.get(module).connectionsHandedTo(replica) > 0, module.module() + " replica "
                    + (replica + 1) + " was given no connection in " + SHARE_WAIT + " of load before its kill ("
                    + SETS.get(module).connectionsHandedTo((replica + 1) % REPLICAS) + " to its twin)");
        }
        if (!CONSUMER_GROUPS.contains(module)) {
            return;
        }
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                BackingServices.kafka().bootstrapServers()))) {
            Instant deadline = Instant.now().plusSeconds(30);
            List<MemberDescription> members = List.of();
            while (Instant.now().isBefore(deadline)) {
                // the group is named after the service (each replica's consumers join it)
                members = List.copyOf(kafka.describeConsumerGroups(List.of(module.module())).all().get()
                        .get(module.module()).members());
                if (members.size() >= REPLICAS
                        && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new AssertionError(module.module() + "'s consumer group is not shared by its replicas: " + members);
        }
    }

    /**
     * One clinician's note: drafted, queued, reviewed and signed, each step repeated as a browser would. Each note
     * has a client of its own, as each browser session has: a client the whole load shared kept its connections busy
     * (and may multiplex them over one HTTP/2 connection), so it opened too few for the front to hand one to each
     * replica — signoff's second replica once went 30 s without a connection.
     */
    private static Note draftAndSign(String token) throws Exception {
        NoteFlow browser = new NoteFlow();
        CanaryChart chart = CanaryChart.load(false);
        String job = browser.requestUntilAccepted(token, chart);
        if (!"READY".equals(awaitEnded(job))) {
            return new Note(job, chart, false);
        }
        awaitQueueState(browser, token, job, "PENDING_REVIEW");
        SignetClient.Draft reviewed = throughFaults(() -> browser.reviewed(token, job));
        browser.signUntilAnswered(token, reviewed);
        return new Note(job, chart, true);
    }

    private static void awaitQueueState(String token, String draftId, String state) throws Exception {
        awaitQueueState(notes, token, draftId, state);
    }

    private static void awaitQueueState(NoteFlow flow, String token, String draftId, String state) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        String seen = null;
        while (Instant.now().isBefore(deadline)) {
            JsonNode entry = flow.queueEntryOrNull(token, draftId);
            seen = entry == null ? null : entry.path("state").asText();
            if (state.equals(seen) || "FILED".equals(seen) && !"FILED".equals(state)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("draft " + draftId + " not " + state + " within " + SETTLED.toSeconds() + " s: "
                + seen);
    }
}

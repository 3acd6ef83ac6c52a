package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.signet.services.LocalStack;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.demo.NoteDemo;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.process.RunDirectory;
import org.signet.services.testing.BackingServices;

/**
 * A TERM or INT to a command a user (or a script) started stops everything it started. Scripts and CI start
 * {@code bin/signet up} in the background, where a shell starts it with SIGINT ignored; and {@code bin/signet demo}
 * (like {@code bench}) starts a stack of its own as its background job, which outlived it, re-parented, with every
 * child. Each case runs the real script and the real stack, takes every process it started, signals the command and
 * checks that all of them are gone and the stack's ports are free.
 *
 * <p>The {@code up} case also runs Signet against a FHIR server that is not its sandbox, as a developer points it at
 * a public test server: a sandbox started open (no authorization at all) stands in for one, {@code up --ehr <base>
 * --ehr-auth none} starts the stack on it, and the demo's path (the server's newest encounter → draft → sign →
 * filed) ends with the note in that server before the INT. (One stack for both: each costs two minutes of CI.)
 */
class StoppingCleanlyTest {

    /** PostgreSQL, Kafka, Keycloak, the sandbox EHR, the model server, signoff-service and audit-service. */
    private static final List<Integer> STACK_PORTS = List.of(5433, 9193, 8180, 8190, 8185, 8184, 8186);
    private static final Path REPO = RunDirectory.repoRoot();

    /** What a case started, killed after it whatever happened: the stack's fixed ports must be free for the next. */
    private List<ProcessHandle> leftovers = List.of();

    @Test
    void upStartedInTheBackgroundByAScriptOnAnOpenFhirServerFilesThereAndAnIntStopsTheWholeStack() throws Exception {
        RunDirectory run = BackingServices.run();
        Path dir = run.dir("stop-up-int");
        Path log = dir.resolve("up.log");
        Path pidFile = dir.resolve("up.pid");
        try (SandboxEhrServer open = SandboxEhrServer.start(run.dir("open-ehr"), 0, 0, null,
                SandboxEhrMain.defaultSeedDir(), false, null, run.logFile("open-ehr"))) {
            // as a script starts it: a background job of a non-interactive shell, which starts it with SIGINT ignored
            Process script = shell(dir, "\"$REPO/bin/signet\" up --run-dir \"$DIR/run\" --ehr " + open.fhirBaseUrl()
                    + " --ehr-auth none > \"$DIR/up.log\" 2>&1 & echo $! > \"$DIR/up.pid\"; wait");
            try {
                awaitLine(log, "Signet is up", Duration.ofMinutes(8), script);
                ProcessHandle up = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
                List<ProcessHandle> started = up.descendants().toList();
                leftovers = Stream.concat(Stream.of(up), started.stream()).toList();
                assertTrue(started.size() >= 7, "the stack's processes: " + started.size());
                assertTrue(Files.readString(log).contains("fhir-adapter's auth: none"), Files.readString(log));

                theDemoFilesIn(open);

                new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).inheritIO().start().waitFor();
                assertAllGone(up, started, Duration.ofSeconds(120));
                assertTrue(script.waitFor(30, TimeUnit.SECONDS), "the script's wait returned once the stack stopped");
            } finally {
                script.destroyForcibly();
                stopLeftovers();
            }
        }
    }

    /** The demo's path on the running stack, against {@code ehr}: its newest encounter's note is filed there. */
    private static void theDemoFilesIn(SandboxEhrServer ehr) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SandboxEhrReader reader = SandboxEhrReader.open(ehr.fhirBaseUrl());
        String filed = new NoteDemo(new SignetClient(LocalStack.SIGNOFF_URL, LocalStack.REALM_URL), reader,
                new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run("dr.ada", System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev"), null);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.lines().reduce((a, b) -> b).orElse("").startsWith("filed DocumentReference/" + filed),
                output);
        DocumentReference document = reader.documentReference(filed);
        assertEquals(DocumentReference.ReferredDocumentStatus.FINAL, document.getDocStatus());
        assertEquals(reader.newestEncounter().patient(), document.getSubject().getReference(),
                "filed on the newest encounter's patient, in the open server");
    }

    @Test
    void aTermToACommandThatStartedItsOwnStackStopsTheCommandAndTheStack() throws Exception {
        Path dir = BackingServices.run().dir("stop-demo-term");
        // the stack's log is TMPDIR/signet-stack.<pid>.log: this test's own directory
        Process demo = shell(dir, "exec \"$REPO/bin/signet\" demo > \"$DIR/demo.log\" 2>&1");
        try {
            Path stackLog = dir.resolve("signet-stack." + demo.pid() + ".log");
            awaitLine(stackLog, "Signet is up", Duration.ofMinutes(8), demo);
            ProcessHandle command = demo.toHandle();
            List<ProcessHandle> started = command.descendants().toList();
            leftovers = started;
            assertTrue(started.size() >= 7, "the stack's processes and the demo: " + started.size());
            new ProcessBuilder("kill", "-TERM", String.valueOf(command.pid())).inheritIO().start().waitFor();
            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the command ended");
            assertEquals(143, demo.exitValue(), "ended by its TERM trap: " + Files.readString(dir.resolve("demo.log")));
            assertAllGone(command, started, Duration.ofSeconds(30));
        } finally {
            demo.destroyForcibly();
            stopLeftovers();
        }
    }

    /** TERM first, so a stack left running stops what it started (PostgreSQL runs detached from it), then KILL. */
    private void stopLeftovers() throws InterruptedException {
        leftovers.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && leftovers.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(250);
        }
        leftovers.forEach(ProcessHandle::destroyForcibly);
    }

    private static Process shell(Path dir, String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("shell.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("REPO", REPO.toString());
        env.put("DIR", dir.toString());
        env.put("TMPDIR", dir.toString());
        // the jars this build made: never build inside a build
        env.put("SIGNET_PREBUILT", "1");
        return builder.start();
    }

    private static void awaitLine(Path log, String line, Duration timeout, Process command) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            if (Instant.now().isAfter(deadline) || !command.isAlive()) {
                throw new AssertionError("no '" + line + "' in " + log + " within " + timeout.toSeconds() + " s:\n"
                        + (Files.exists(log) ? tail(Files.readString(log)) : "(no log)"));
            }
            Thread.sleep(200);
        }
    }

    private static void assertAllGone(ProcessHandle signalled, List<ProcessHandle> started, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)
                && (signalled.isAlive() || started.stream().anyMatch(ProcessHandle::isAlive))) {
            Thread.sleep(250);
        }
        List<String> alive = started.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
        assertEquals(List.of(), alive, "still running " + timeout.toSeconds() + " s after the signal");
        for (int port : STACK_PORTS) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                throw new AssertionError("port " + port + " still answers");
            } catch (IOException free) {
                // nothing listens: as it should be
            }
        }
    }

    private static String tail(String text) {
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }
}

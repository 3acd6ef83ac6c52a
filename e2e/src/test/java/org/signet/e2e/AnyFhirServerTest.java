package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.signet.services.LocalStack;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.client.SignetClient;
import org.signet.services.demo.NoteDemo;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SandboxEhrServer;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.RunDirectory;
import org.signet.services.testing.BackingServices;

/**
 * Signet against a FHIR server that is not its sandbox, as a developer points it at a public test server: the sandbox
 * started open (no authorization at all) stands in for one, the whole stack is started as {@code bin/signet up --ehr
 * <base> --ehr-auth none} starts it, and the demo's path (the server's newest encounter → draft → sign → filed) ends
 * with the note in that server.
 */
class AnyFhirServerTest {

    @Test
    void theStackRunsAgainstAnOpenFhirServerAndTheDemoFilesThere() throws Exception {
        RunDirectory run = BackingServices.run();
        try (SandboxEhrServer open = SandboxEhrServer.start(run.dir("open-ehr"), 0, 0, null,
                SandboxEhrMain.defaultSeedDir(), false, null, run.logFile("open-ehr"))) {
            ManagedProcess stack = ManagedProcess.start("local-stack-any-ehr", ManagedProcess.javaCommand(
                            List.of("-Xmx512m"), LocalStack.class.getName(), List.of("--repo",
                                    RunDirectory.repoRoot().toString(), "--run-dir", run.dir("any-ehr-stack").toString(),
                                    "--ehr", open.fhirBaseUrl(), "--ehr-auth", "none")),
                    run.dir("any-ehr-stack"), java.util.Map.of(), run.logFile("local-stack-any-ehr"));
            try {
                stack.awaitLogLine(Pattern.compile("Signet is up"), Duration.ofMinutes(10));
                assertTrue(stack.tail(80).contains("fhir-adapter's auth: none"), stack.tail(80));

                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                SandboxEhrReader ehr = SandboxEhrReader.open(open.fhirBaseUrl());
                String filed = new NoteDemo(new SignetClient(LocalStack.SIGNOFF_URL, LocalStack.REALM_URL), ehr,
                        new PrintStream(printed, true, StandardCharsets.UTF_8))
                        .run("dr.ada", System.getenv().getOrDefault("SIGNET_DEV_PASSWORD", "signet-dev"), null);
                String output = printed.toString(StandardCharsets.UTF_8);
                assertTrue(output.lines().reduce((a, b) -> b).orElse("").startsWith("filed DocumentReference/" + filed),
                        output);

                DocumentReference document = ehr.documentReference(filed);
                assertEquals(DocumentReference.ReferredDocumentStatus.FINAL, document.getDocStatus());
                assertEquals(ehr.newestEncounter().patient(), document.getSubject().getReference(),
                        "filed on the newest encounter's patient, in the open server");
            } finally {
                stack.stop(Duration.ofSeconds(60));
            }
        }
    }
}

package org.signet.services.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.signet.services.process.RunDirectory;

/** The launcher: a child JVM, the ready line, the API key by environment, recording to a file. */
class LocalModelServerProcessTest {

    @Test
    void startsAChildJvmThatServesCompletions() throws Exception {
        RunDirectory run = RunDirectory.forTests();
        Path dir = run.dir("local-model-process");
        Path record = dir.resolve("requests.jsonl");
        try (LocalModelServerProcess process = LocalModelServerProcess.start(dir, 0, TestModel.stories260K(),
                "tiny", record, "sk-child", List.of("--threads", "1", "--context", "512", "--max-tokens-cap", "32"),
                run.logFile("local-model"))) {
            assertTrue(process.port() > 0);
            TestModel.Reply models = TestModel.get(process.baseUrl() + "/models", "sk-child");
            assertEquals(200, models.status(), models.body());
            assertEquals("tiny", models.json().get("data").get(0).get("id").asText());
            assertEquals(401, TestModel.get(process.baseUrl() + "/models", null).status());

            String canary = "CHILD-CANARY-" + System.nanoTime();
            TestModel.Reply reply = TestModel.post(process.baseUrl() + "/chat/completions",
                    TestModel.chat("Hi " + canary, "\"max_tokens\":16,\"temperature\":0"), "sk-child");
            assertEquals(200, reply.status(), reply.body());
            assertFalse(reply.json().get("choices").get(0).get("message").get("content").asText().isEmpty());
            assertEquals("tiny", reply.json().get("model").asText());
            assertTrue(Files.readString(record, StandardCharsets.UTF_8).contains(canary));
        }
        String log = Files.readString(run.logFile("local-model"), StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(line -> line.startsWith(LocalModelServerMain.READY_MARKER)).count());
        assertFalse(log.contains("sk-child"), "the API key never reaches the log");
    }
}

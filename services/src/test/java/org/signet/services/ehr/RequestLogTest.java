package org.signet.services.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {

  @Test
  void memoryKeepsTheLatestEntriesWhileTheFileKeepsEveryOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    int total = RequestLog.KEPT + 5;
    try (RequestLog log = new RequestLog(file)) {
      for (int i = 0; i < total; i++) {
        log.record("GET", "/fhir/Patient/" + i, 200);
      }
      List<RequestLog.Entry> kept = log.entries();
      assertEquals(RequestLog.KEPT, kept.size());
      assertEquals("/fhir/Patient/5", kept.get(0).path());
      assertEquals("/fhir/Patient/" + (total - 1), kept.get(kept.size() - 1).path());
      // flushed per line: readable while the log is still open
      assertEquals(total, Files.readAllLines(file).size());
    }
    try (RequestLog reopened = new RequestLog(file)) {
      reopened.record("POST", "/fhir/DocumentReference", 201);
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(total + 1, lines.size(), "appends, never truncates");
  }
}

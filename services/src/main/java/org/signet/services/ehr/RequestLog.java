package org.signet.services.ehr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every FHIR request the sandbox answered (method, path with query, status), in memory for
 * {@code GET /admin/requests} and, when configured, appended to a file as JSON lines. Holds resource ids and query
 * strings of synthetic data only.
 */
public final class RequestLog {

  /** One answered request. */
  public record Entry(String time, String method, String path, int status) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Entry> entries = new ArrayList<>();
  private final Path file;

  /**
   * @param file where to append JSON lines, or null for memory only
   */
  public RequestLog(Path file) {
    this.file = file;
  }

  public synchronized void record(String method, String pathAndQuery, int status) {
    Entry entry = new Entry(Instant.now().toString(), method, pathAndQuery, status);
    entries.add(entry);
    if (file != null) {
      try {
        Files.writeString(file, JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }
}

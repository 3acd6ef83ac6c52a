package org.signet.services.ehr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Every FHIR request the sandbox answered (method, path with query, status): the latest {@link #KEPT} in memory for
 * {@code GET /admin/requests} and, when configured, all of them appended to a file as JSON lines (one writer, kept
 * open and flushed per line). Holds resource ids and query strings of synthetic data only.
 */
public final class RequestLog implements AutoCloseable {

  /** One answered request. */
  public record Entry(String time, String method, String path, int status) {}

  /** Entries kept in memory: a long-running local stack must not grow without bound. */
  static final int KEPT = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final Writer file;

  /**
   * @param file where to append JSON lines, or null for memory only
   */
  public RequestLog(Path file) {
    try {
      this.file = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the request log " + file, e);
    }
  }

  public synchronized void record(String method, String pathAndQuery, int status) {
    Entry entry = new Entry(Instant.now().toString(), method, pathAndQuery, status);
    if (entries.size() == KEPT) {
      entries.removeFirst();
    }
    entries.addLast(entry);
    if (file != null) {
      try {
        file.write(JSON.writeValueAsString(entry) + "\n");
        file.flush();
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

  @Override
  public synchronized void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}

package org.signet.services.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test mode: every request body the server receives (before any check, so refused and malformed requests are
 * recorded too), in memory for {@code GET /admin/requests} and, if a file is given, appended to it one per line.
 * A body that is JSON is recorded as that JSON in compact form; any other body as a JSON string of its raw text.
 */
final class RequestRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<JsonNode> bodies = new ArrayList<>();

    RequestRecorder(Path file) {
        this.file = file;
        if (file != null) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory of " + file, e);
            }
        }
    }

    synchronized void record(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                node = TextNode.valueOf("");
            }
        } catch (IOException notJson) {
            node = TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
        bodies.add(node);
        if (file != null) {
            try {
                Files.writeString(file, node.toString() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // A test relies on this file: fail loudly in the log rather than silently skip.
                System.err.println("ERROR cannot append to " + file + ": " + e);
            }
        }
    }

    synchronized ArrayNode all() {
        ArrayNode array = JSON.createArrayNode();
        bodies.forEach(array::add);
        return array;
    }

    synchronized void clear() {
        bodies.clear();
    }
}

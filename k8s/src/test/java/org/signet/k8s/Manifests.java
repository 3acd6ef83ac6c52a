package org.signet.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the manifests: every YAML document of the source tree, or an overlay as {@code kubectl kustomize} renders it. */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    /** One YAML document: where it came from, its raw tree and fabric8's typed object (null for non-objects). */
    record Document(Path file, int index, Object raw, KubernetesResource object) {
        String where() {
            return file + "#" + index;
        }
    }

    private Manifests() {}

    /** The k8s/ directory: set by the pom for Maven runs; the working directory otherwise. */
    static Path root() {
        String configured = System.getProperty("signet.k8s.dir");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("base")) && Files.isDirectory(dir.resolve("k8s/base"))) {
            dir = dir.resolve("k8s");
        }
        if (!Files.isDirectory(dir.resolve("base"))) {
            throw new IllegalStateException("no k8s/base under " + dir.toAbsolutePath());
        }
        return dir;
    }

    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(root().resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every *.yaml / *.yml file under {@code dir}, in file order. */
    static List<Document> loadTree(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            try {
                documents.addAll(parse(file, Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    /** Splits multi-document YAML; each mapping with apiVersion and kind also becomes a typed fabric8 object. */
    static List<Document> parse(Path file, String yaml) throws IOException {
        List<Document> documents = new ArrayList<>();
        // one value per YAML document; readValues() would unwrap a document that is a list (a JSON 6902 patch)
        try (JsonParser parser = YAML.createParser(yaml)) {
            int index = 0;
            while (parser.nextToken() != null) {
                Object raw = YAML.readValue(parser, Object.class);
                if (raw == null) {
                    continue; // an empty document (a trailing ---)
                }
                documents.add(new Document(file, index++, raw, typed(raw)));
            }
        }
        return documents;
    }

    /** The typed object of a raw document, or null when it is no Kubernetes object (a JSON 6902 patch list). */
    static KubernetesResource typed(Object raw) {
        if (!(raw instanceof java.util.Map<?, ?> map) || !map.containsKey("apiVersion") || !map.containsKey("kind")) {
            return null;
        }
        try {
            return KUBE.unmarshal(JSON.writeValueAsString(raw), KubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T yaml(String text, TypeReference<T> type) {
        try {
            return YAML.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typed objects of a list of documents. */
    static List<KubernetesResource> objects(List<Document> documents) {
        return documents.stream().map(Document::object).filter(o -> o != null).toList();
    }

    /** {@code kubectl} on the PATH, if there is one. */
    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Paths.get(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The overlay as {@code kubectl kustomize} renders it. */
    static List<Document> render(Path kubectl, String overlay) {
        Path dir = root().resolve("overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay, ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed (" + process.exitValue()
                            + "): " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return parse(Paths.get("rendered:" + overlay), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.signet.tokenization.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.signet.tokenization.config.TokenizationConfig;

/** Chooses the KEK provider from configuration. */
@ApplicationScoped
public class KekProviderProducer {

    private static final Logger LOG = Logger.getLogger(KekProviderProducer.class);
    private static final Pattern KEY_FILE = Pattern.compile("v(\\d+)\\.key");

    @Produces
    @ApplicationScoped
    KekProvider kekProvider(TokenizationConfig config) {
        return switch (config.kek().provider()) {
            case "local-file" -> new StaticKeysKekProvider("local-file", loadOrCreateKeyFiles(keyDirectory(config)));
            case "environment" -> new StaticKeysKekProvider("environment", parseKeys(config.kek().keys()
                    .orElseThrow(() -> new IllegalStateException("signet.tokenization.kek.keys is required for the "
                            + "environment KEK provider (mount it from a secret)"))));
            default -> throw new IllegalStateException("unknown KEK provider " + config.kek().provider()
                    + "; use local-file or environment");
        };
    }

    static Path keyDirectory(TokenizationConfig config) {
        return config.kek().directory().map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".signet", "keys", "kek"));
    }

    /** Reads {@code v<N>.key} files; generates {@code v1.key} (mode 0600) on first start. */
    static Map<Integer, byte[]> loadOrCreateKeyFiles(Path directory) {
        try {
            Files.createDirectories(directory);
            Map<Integer, byte[]> keys = readKeyFiles(directory);
            if (keys.isEmpty()) {
                writeKeyFile(directory, 1, AesGcm.newKey());
                LOG.infof("generated local key-encryption key v1 in %s", directory);
                keys = readKeyFiles(directory);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KEK files in " + directory, e);
        }
    }

    static void writeKeyFile(Path directory, int version, byte[] key) throws IOException {
        Path file = directory.resolve("v" + version + ".key");
        Path partial = directory.resolve("v" + version + ".key.partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<Integer, byte[]> readKeyFiles(Path directory) throws IOException {
        Map<Integer, byte[]> keys = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = KEY_FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    keys.put(Integer.parseInt(name.group(1)),
                            Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
                }
            }
        }
        return keys;
    }

    static Map<Integer, byte[]> parseKeys(String spec) {
        Map<Integer, byte[]> keys = new HashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            if (parts.length != 2) {
                throw new IllegalStateException("signet.tokenization.kek.keys entries are <version>:<base64 key>");
            }
            keys.put(Integer.parseInt(parts[0].trim()), Base64.getDecoder().decode(parts[1].trim()));
        }
        return keys;
    }
}

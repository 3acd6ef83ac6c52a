package org.signet.tokenization.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * KEKs in {@code v<N>.key} files (base64, mode 0600) in a directory outside the repository, for local runs.
 * Generates {@code v1.key} on first start; {@link #rotate()} writes the next version.
 */
public final class LocalFileKekProvider extends StaticKeysKekProvider {

    private static final Pattern KEY_FILE = Pattern.compile("v(\\d+)\\.key");

    private final Path directory;

    public LocalFileKekProvider(Path directory) {
        super("local-file", loadOrCreate(directory));
        this.directory = directory;
    }

    @Override
    public boolean rotatesItself() {
        return true;
    }

    @Override
    public synchronized void rotate() {
        try {
            write(directory, newestVersion() + 1, AesGcm.newKey());
            replaceKeys(read(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a new KEK version in " + directory, e);
        }
    }

    private static Map<Integer, byte[]> loadOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            Map<Integer, byte[]> keys = read(directory);
            if (keys.isEmpty()) {
                write(directory, 1, AesGcm.newKey());
                keys = read(directory);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KEK files in " + directory, e);
        }
    }

    private static void write(Path directory, int version, byte[] key) throws IOException {
        Path file = directory.resolve("v" + version + ".key");
        Path partial = directory.resolve("v" + version + ".key.partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<Integer, byte[]> read(Path directory) throws IOException {
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
}

package org.signet.services.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's JVM maps the class-data archive its build wrote, and runs it as the archive requires. */
class SignetServiceProcessCommandTest {

    @TempDir
    Path dir;

    private Path app() throws IOException {
        Path app = Files.createDirectories(dir.resolve("quarkus-app"));
        Files.writeString(app.resolve("quarkus-run.jar"), "");
        return app.resolve("quarkus-run.jar");
    }

    @Test
    void theArchiveIsMappedByTheNameItWasWrittenUnder() throws IOException {
        Path jar = app();
        Files.writeString(jar.resolveSibling("app-cds.jsa"), "");
        List<String> command = SignetServiceProcess.command(jar, dir.resolve("instance"));
        assertTrue(command.contains("-XX:SharedArchiveFile=app-cds.jsa"), command.toString());
        // the archive names its classpath relative to the jar: the jar by its bare name, from its directory
        assertEquals(List.of("-jar", "quarkus-run.jar"), command.subList(command.size() - 2, command.size()));
        assertTrue(command.contains("-XX:ErrorFile=" + dir.resolve("instance").resolve("hs_err_pid%p.log")));
    }

    @Test
    void withoutAnArchiveTheJvmStartsAsBefore() throws IOException {
        List<String> command = SignetServiceProcess.command(app(), dir.resolve("instance"));
        assertFalse(command.stream().anyMatch(option -> option.startsWith("-XX:SharedArchiveFile")
                || option.startsWith("-XX:AOTCache")), command.toString());
    }
}

package org.signet.tokenization.pseudo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;

/** The Synthea patient bundles of the shared data set, read in place (never copied into the repo). */
final class SyntheaBundles {

    static final Path DIR = Path.of("/work/shared/data/synthea/ms-anonymizer-samples-r4");

    private static List<Bundle> cache;

    private SyntheaBundles() {
    }

    /** Every patient bundle (a Bundle whose first entry is a Patient), parsed once per JVM. */
    static synchronized List<Bundle> all() {
        assumeTrue(Files.isDirectory(DIR), "Synthea samples not present at " + DIR);
        if (cache == null) {
            List<Bundle> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(DIR)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    String json = Files.readString(p);
                    if (!json.contains("\"Bundle\"")) {
                        continue;
                    }
                    Bundle b = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
                    if (b.hasEntry() && "Patient".equals(b.getEntryFirstRep().getResource().fhirType())) {
                        out.add(b);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cache = List.copyOf(out);
        }
        return cache;
    }

    static Bundle first() {
        return all().get(0);
    }
}

package org.signet.services.ehr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The sandbox Practitioners the local clinicians are in the EHR: the realm {@code ehr} users of the same names carry
 * them as their {@code fhirUser}. Chosen from the seed, not typed in: the Practitioners of the shared practitioner
 * bundle, by id, one per clinician, so every start links the same ones.
 */
public final class LinkedPractitioners {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkedPractitioners() {}

    /** Clinician user name → {@code Practitioner/<id>}, in the order of {@code clinicians}. */
    public static Map<String, String> of(Path seedDir, List<String> clinicians) {
        Path dir = seedDir.resolve(SeedLoader.BUNDLE_DIR);
        TreeSet<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("practitionerInformation")).toList()) {
                for (JsonNode entry : JSON.readTree(file.toFile()).path("entry")) {
                    String fullUrl = entry.path("fullUrl").asText("");
                    if ("Practitioner".equals(entry.path("resource").path("resourceType").asText())
                            && fullUrl.startsWith("urn:uuid:")) {
                        ids.add(fullUrl.substring("urn:uuid:".length()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed's practitioner bundle in " + dir, e);
        }
        if (ids.size() < clinicians.size()) {
            throw new IllegalStateException("the seed in " + dir + " has " + ids.size() + " Practitioners; "
                    + clinicians.size() + " clinicians need one each");
        }
        Map<String, String> links = new LinkedHashMap<>();
        var id = ids.iterator();
        for (String clinician : clinicians) {
            links.put(clinician, "Practitioner/" + id.next());
        }
        return links;
    }
}

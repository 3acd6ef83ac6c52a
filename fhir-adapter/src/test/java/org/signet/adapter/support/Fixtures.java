package org.signet.adapter.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/** Synthea patients picked from the sandbox: the one with most observations, and an encounter of each. */
public final class Fixtures {

    /** A patient and one of their encounters. */
    public record Chart(String patientId, String encounterId, List<Observation> observations) {}

    private static List<Chart> charts;

    private Fixtures() {}

    /** Every seeded patient with at least one encounter, most observations first. */
    public static synchronized List<Chart> charts() {
        if (charts == null) {
            IGenericClient client = SandboxEhrSupport.client(
                    "system/Patient.rs system/Encounter.rs system/Observation.rs");
            Bundle patients = client.search().byUrl("Patient?_count=100&_elements=id").returnBundle(Bundle.class)
                    .execute();
            charts = patients.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart())
                    .map(id -> {
                        Bundle encounters = client.search().byUrl("Encounter?patient=" + id + "&_count=1")
                                .returnBundle(Bundle.class).execute();
                        if (encounters.getEntry().isEmpty()) {
                            return null;
                        }
                        Bundle page = client.search().byUrl("Observation?patient=" + id
                                + "&_count=500&_elements=effective,category").returnBundle(Bundle.class).execute();
                        List<Observation> obs = new java.util.ArrayList<>();
                        while (true) {
                            page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                                    .filter(r -> r instanceof Observation).forEach(r -> obs.add((Observation) r));
                            if (page.getLink(Bundle.LINK_NEXT) == null) {
                                break;
                            }
                            page = client.loadPage().next(page).execute();
                        }
                        return new Chart(id, encounters.getEntry().get(0).getResource().getIdElement().getIdPart(), obs);
                    })
                    .filter(c -> c != null)
                    .sorted(Comparator.comparingInt((Chart c) -> c.observations().size()).reversed())
                    .toList();
        }
        return charts;
    }

    public static Chart richest() {
        return charts().get(0);
    }

    static String id(Resource r) {
        return r.getIdElement().getIdPart();
    }
}

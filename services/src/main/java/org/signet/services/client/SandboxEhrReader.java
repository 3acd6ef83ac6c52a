package org.signet.services.client;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Provenance;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;

/**
 * Reads the sandbox EHR the way another SMART Backend Services client would (its own signed assertion, read-only
 * scopes): to pick a Synthea encounter for a demo and to check what was filed.
 */
public final class SandboxEhrReader {

    private static final String SCOPES = "system/Encounter.rs system/DocumentReference.rs system/Provenance.rs";

    /** A patient and one of their encounters, as FHIR references. */
    public record Chart(String patient, String encounter) {}

    private final IGenericClient fhir;

    public SandboxEhrReader(String fhirBaseUrl, EhrClientKey key) throws IOException, InterruptedException {
        this(client(fhirBaseUrl));
        String token = new SmartBackendServicesClient(fhirBaseUrl, EhrClientKey.CLIENT_ID, key.privateKey())
                .accessToken(SCOPES);
        fhir.registerInterceptor(new BearerTokenAuthInterceptor(token));
    }

    private SandboxEhrReader(IGenericClient fhir) {
        this.fhir = fhir;
    }

    /** A reader of an open FHIR server (a public test server, or the sandbox started without authorization). */
    public static SandboxEhrReader open(String fhirBaseUrl) {
        return new SandboxEhrReader(client(fhirBaseUrl));
    }

    private static IGenericClient client(String fhirBaseUrl) {
        FhirContext context = FhirContext.forR4Cached();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return context.newRestfulGenericClient(fhirBaseUrl);
    }

    /** The newest encounter in the EHR, with its patient. */
    public Chart newestEncounter() {
        Bundle page = fhir.search().forResource(Encounter.class).count(1)
                .sort().descending(Encounter.DATE).returnBundle(Bundle.class).execute();
        if (page.getEntry().isEmpty()) {
            throw new IllegalStateException("the EHR has no encounters to draft a note for");
        }
        Encounter encounter = (Encounter) page.getEntryFirstRep().getResource();
        return new Chart(encounter.getSubject().getReference(), "Encounter/" + encounter.getIdElement().getIdPart());
    }

    public DocumentReference documentReference(String id) {
        return fhir.read().resource(DocumentReference.class).withId(id).execute();
    }

    /** The note as filed: the first attachment's text. */
    public static String noteText(DocumentReference document) {
        byte[] data = document.getContentFirstRep().getAttachment().getData();
        return data == null ? "" : new String(data, StandardCharsets.UTF_8);
    }

    /** Provenance records that name the document as their target. */
    public List<Provenance> provenanceOf(String documentReferenceId) {
        Bundle found = fhir.search().forResource(Provenance.class)
                .where(Provenance.TARGET.hasId("DocumentReference/" + documentReferenceId))
                .returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(e -> (Provenance) e.getResource()).toList();
    }
}

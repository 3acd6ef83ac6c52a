package org.signet.adapter.consent;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.client.EhrException;
import org.signet.adapter.mapping.ConsentDecision;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.service.ConsentGate;
import org.signet.adapter.service.WorkerThreads;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;

/**
 * An admin's view of one patient's consent to AI drafting: both sources (the admin registry and the EHR's active
 * {@code Consent}s) and the decision the context gate would take for each active purpose. The patient is found by an
 * exact EHR identifier (MRN) or FHIR id, and named only then (minimum necessary: a partial or ambiguous identifier
 * shows nothing). Every lookup is audited with the patient's reference; the identifier typed is never logged.
 */
@ApplicationScoped
public class ConsentLookup {

    private static final Set<String> SCOPES = Set.of("system/Patient.rs", "system/Consent.rs");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** One EHR Consent, as far as drafting cares. */
    public record EhrConsent(String id, String status, String provision, List<String> purposes, Instant start,
            Instant end) {}

    /** The decision for one purpose: {@code source} is {@code registry}, {@code ehr} or null when allowed. */
    public record PurposeDecision(String purpose, String displayName, boolean allowed, String source) {}

    public record PatientConsent(String patient, String name, List<ConsentOptOut> registry, List<EhrConsent> ehr,
            List<PurposeDecision> decisions) {}

    private final EhrClient ehr;
    private final ConsentGate gate;
    private final AuditTrail audit;

    public ConsentLookup(EhrClient ehr, ConsentGate gate, AuditTrail audit) {
        this.ehr = ehr;
        this.gate = gate;
        this.audit = audit;
    }

    /**
     * @param identifier an EHR identifier value (e.g. the MRN), matched exactly; or null
     * @param fhirId     a Patient id; or null (exactly one of the two)
     */
    public Uni<PatientConsent> lookUp(String actor, String identifier, String fhirId) {
        boolean byIdentifier = identifier != null && !identifier.isBlank();
        if (byIdentifier == (fhirId != null && !fhirId.isBlank())) {
            throw DomainException.unprocessable("Give exactly one of identifier (an MRN) and id (a FHIR Patient id).");
        }
        if (!byIdentifier && !FHIR_ID.matcher(fhirId).matches()) {
            throw DomainException.unprocessable("id must be a FHIR id (letters, digits, '-' and '.', 1-64).");
        }
        if (byIdentifier && identifier.length() > 128) {
            throw DomainException.unprocessable("identifier is at most 128 characters.");
        }
        return WorkerThreads.run(() -> find(byIdentifier ? identifier.trim() : null, fhirId))
                .flatMap(found -> {
                    String ref = "Patient/" + found.patient().getIdElement().getIdPart();
                    return audit.record(actor, "consent.lookup", AuditEvent.Outcome.SUCCESS, ref, null, ref,
                            Map.of("by", byIdentifier ? "identifier" : "id"))
                            .chain(() -> gate.registryEntries(ref))
                            .chain(registry -> Purpose.latestVersions().map(purposes -> new PatientConsent(ref,
                                    name(found.patient()), registry, found.consents(),
                                    decisions(purposes, registry, found.rawConsents()))));
                });
    }

    private record Found(Patient patient, List<EhrConsent> consents, List<Consent> rawConsents) {}

    /** Blocking. */
    private Found find(String identifier, String fhirId) {
        try {
            return ehr.call(SCOPES, client -> {
                Patient patient;
                if (identifier != null) {
                    Bundle matches = client.search().forResource(Patient.class)
                            .where(Patient.IDENTIFIER.exactly().code(identifier))
                            .elementsSubset("identifier", "name").count(3).returnBundle(Bundle.class).execute();
                    List<Patient> exact = matches.getEntry().stream()
                            .map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                            .map(Patient.class::cast)
                            .filter(p -> p.getIdentifier().stream().anyMatch(i -> identifier.equals(i.getValue())))
                            .toList();
                    if (exact.isEmpty()) {
                        throw DomainException.notFound("patient");
                    }
                    if (exact.size() > 1) {
                        throw DomainException.conflict("More than one patient has this identifier; search by the "
                                + "FHIR id instead.");
                    }
                    patient = exact.get(0);
                } else {
                    patient = client.read().resource(Patient.class).withId(fhirId)
                            .elementsSubset("identifier", "name").execute();
                }
                String ref = "Patient/" + patient.getIdElement().getIdPart();
                Bundle consents = client.search().forResource(Consent.class)
                        .where(Consent.PATIENT.hasId(ref)).and(Consent.STATUS.exactly().code("active"))
                        .count(100).returnBundle(Bundle.class).execute();
                List<Consent> raw = consents.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .filter(Consent.class::isInstance).map(Consent.class::cast).toList();
                return new Found(patient, raw.stream().map(ConsentLookup::summary).toList(), raw);
            });
        } catch (EhrException e) {
            if (e.status() == 404 || e.status() == 410) {
                throw DomainException.notFound("patient");
            }
            // status only: the EHR's diagnostics may quote the identifier searched for
            throw DomainException.unavailable("EHR unavailable", "The EHR could not be asked (status "
                    + e.status() + "); nothing is shown.");
        }
    }

    private static List<PurposeDecision> decisions(List<Purpose> purposes, List<ConsentOptOut> registry,
            List<Consent> consents) {
        Instant now = Instant.now();
        Date today = Date.from(now);
        List<PurposeDecision> decisions = new ArrayList<>();
        for (Purpose purpose : purposes) {
            if (!purpose.active) {
                continue;
            }
            String source = registry.stream().anyMatch(o -> o.denies(purpose.id, now)) ? "registry"
                    : consents.stream().anyMatch(c -> ConsentDecision.denies(c, purpose.purposeOfUse, today)) ? "ehr"
                    : null;
            decisions.add(new PurposeDecision(purpose.id, purpose.displayName, source == null, source));
        }
        return decisions;
    }

    private static EhrConsent summary(Consent consent) {
        Consent.ProvisionComponent provision = consent.getProvision();
        return new EhrConsent("Consent/" + consent.getIdElement().getIdPart(),
                consent.getStatus() == null ? null : consent.getStatus().toCode(),
                provision.getType() == null ? null : provision.getType().toCode(),
                provision.getPurpose().stream().map(Coding::getCode).toList(),
                provision.getPeriod().hasStart() ? provision.getPeriod().getStart().toInstant() : null,
                provision.getPeriod().hasEnd() ? provision.getPeriod().getEnd().toInstant() : null);
    }

    private static String name(Patient patient) {
        HumanName name = patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .orElse(patient.getNameFirstRep());
        return name.isEmpty() ? null : name.getNameAsSingleString();
    }
}

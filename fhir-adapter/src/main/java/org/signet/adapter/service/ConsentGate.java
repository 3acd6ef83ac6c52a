package org.signet.adapter.service;

import org.signet.kit.DomainException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.signet.kit.AuditTrail;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.client.EhrException;
import org.signet.adapter.consent.ConsentOptOut;
import org.signet.adapter.mapping.ConsentDecision;
import org.signet.adapter.purpose.Purpose;
import org.signet.contracts.AuditEvent;

/**
 * Before any clinical read: the admin opt-out registry, then the patient's active {@code Consent}s in the EHR. Any
 * deny refuses with {@code consent-denied}; a consent lookup that fails refuses too (fail closed). Every refusal
 * is audited.
 */
@ApplicationScoped
public class ConsentGate {

    static final Set<String> CONSENT_SCOPES = Set.of("system/Consent.rs");

    private final EhrClient ehr;
    private final AuditTrail audit;
    private final Mutiny.SessionFactory sessions;
    private final MeterRegistry metrics;

    public ConsentGate(EhrClient ehr, AuditTrail audit, Mutiny.SessionFactory sessions, MeterRegistry metrics) {
        this.ehr = ehr;
        this.audit = audit;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /**
     * A refusal on {@code /q/metrics} ({@code signet_consent_refusals_total}): {@code source} says which check refused
     * (the opt-out registry, a Consent in the EHR, or an EHR that could not be asked); the purpose is a configured id.
     */
    private void countRefusal(String source, Purpose purpose) {
        Counter.builder("signet.consent.refusals")
                .description("Context requests refused for want of the patient's consent")
                .tag("source", source)
                .tag("purpose", purpose.id)
                .register(metrics)
                .increment();
    }

    /**
     * The patient's opt-out records, read in a session of their own (stateless, read-only), so that a context request
     * can read its purpose in the request's session at the same time.
     */
    public Uni<List<ConsentOptOut>> registryEntries(String patientRef) {
        return sessions.withStatelessSession(session -> session
                .createSelectionQuery(ConsentOptOut.FOR_PATIENT, ConsentOptOut.class)
                .setParameter(1, patientRef).getResultList());
    }

    /** The registry check over the patient's {@link #registryEntries}: any record in force for the purpose refuses. */
    public Uni<Void> checkRegistry(String actor, String patientRef, Purpose purpose, List<ConsentOptOut> optOuts) {
        Instant now = Instant.now();
        var denying = optOuts.stream().filter(o -> o.denies(purpose.id, now)).findFirst();
        if (denying.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        countRefusal("registry", purpose);
        return audit.record(actor, "consent.check", AuditEvent.Outcome.DENIED, patientRef, purpose.id,
                "consent-optout/" + denying.get().id, Map.of("source", "registry"))
                .onItem().failWith(() -> DomainException.consentDenied(
                        "The patient has opted out of AI drafting (consent registry)."));
    }

    /**
     * The EHR check; blocking, call on a worker thread. Also needs {@link #CONSENT_SCOPES} in the token. A refusal
     * is audited before it is thrown; the read's own event joins {@code audits}, acknowledged before delivery.
     */
    public void checkEhr(Set<String> scopes, String actor, String patientRef, Purpose purpose,
            PendingAudits audits) {
        String query = "Consent?patient=" + patientRef + "&status=active&_count=100";
        Bundle consents;
        try {
            consents = ehr.call(scopes, client -> client.search().byUrl(query).returnBundle(Bundle.class).execute());
        } catch (EhrException e) {
            countRefusal("ehr-unavailable", purpose);
            audit.recordAndWait(actor, "consent.check", AuditEvent.Outcome.DENIED, patientRef, purpose.id, "Consent",
                    Map.of("source", "ehr", "query", query, "reason", "ehr-unavailable", "ehrStatus",
                            String.valueOf(e.status())));
            throw DomainException.consentDenied("The patient's consent could not be verified in the EHR; "
                    + "AI drafting is refused until it can be.");
        }
        Date now = new Date();
        for (Bundle.BundleEntryComponent entry : consents.getEntry()) {
            if (entry.getResource() instanceof Consent consent
                    && ConsentDecision.denies(consent, purpose.purposeOfUse, now)) {
                countRefusal("ehr", purpose);
                audit.recordAndWait(actor, "consent.check", AuditEvent.Outcome.DENIED, patientRef, purpose.id,
                        "Consent/" + consent.getIdElement().getIdPart(), Map.of("source", "ehr", "query", query));
                throw DomainException.consentDenied("The patient's consent in the EHR denies AI drafting for "
                        + "this purpose.");
            }
        }
        audits.add(audit.record(actor, "ehr.read", AuditEvent.Outcome.SUCCESS, patientRef, purpose.id, "Consent",
                Map.of("query", query, "count", String.valueOf(consents.getEntry().size()), "use", "consent-check")));
    }
}

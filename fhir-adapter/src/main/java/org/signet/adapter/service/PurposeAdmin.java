package org.signet.adapter.service;

import org.signet.kit.DomainException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.signet.kit.AuditTrail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.signet.adapter.client.EhrCapabilities;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.mapping.ElementCatalog;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.adapter.purpose.PurposeWidening;
import org.signet.kit.InvalidFields;
import org.signet.kit.StepUp;
import org.signet.contracts.AuditEvent;

/**
 * Purpose administration: every change is a new immutable version (the previous ones stay, drafts name theirs), made
 * against the version the admin edited ({@code If-Match}; another admin's newer version refuses with 412), with a
 * reason, and audited with who made it, why, and which parts changed (names of parts and versions only). A change
 * that widens what flows ({@link PurposeWidening}) needs a fresh sign-in ({@link StepUp}).
 */
@ApplicationScoped
public class PurposeAdmin {

    /**
     * Who changes a purpose (the subject, for the audit; the user name, for people) and when they last signed in
     * (the token's {@code auth_time}, may be null).
     */
    public record Admin(String actor, String name, Object authTime) {}

    private final PurposeValidator validator;
    private final AuditTrail audit;
    private final Duration stepUpMaxAge;

    public PurposeAdmin(EhrClient ehr, EhrCapabilities capabilities, AuditTrail audit,
            @ConfigProperty(name = "signet.admin.step-up-max-age", defaultValue = "PT5M") Duration stepUpMaxAge) {
        this.validator = new PurposeValidator(new ElementCatalog(ehr.fhir()), capabilities::missing);
        this.audit = audit;
        this.stepUpMaxAge = stepUpMaxAge;
    }

    /**
     * Every check of a new version that needs no database, the EHR's CapabilityStatement included. Blocking: call it
     * on a worker thread, before the transaction.
     */
    public void validate(String id, PurposeChange change) {
        validator.validate(id, change);
        if (change.changeNote() == null || change.changeNote().isBlank() || change.changeNote().length() > 500) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("changeNote",
                    "is required: why this version (at most 500 characters, no patient data)")));
        }
    }

    /** Needs a transaction; {@link #validate} first. */
    public Uni<Purpose> create(Admin admin, PurposeChange change) {
        return Purpose.latest(change.id()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(DomainException.conflict("Purpose " + change.id()
                        + " exists; update it instead."));
            }
            StepUp.require(admin.authTime(), stepUpMaxAge, "A new purpose", Instant.now());
            Purpose created = version(change.id(), 1, true, change, admin);
            return created.<Purpose>persistAndFlush().flatMap(p -> audited(admin.actor(), "purpose.create", p, null,
                    List.of("all"), List.of("a new purpose")));
        });
    }

    /**
     * Needs a transaction; {@link #validate} first.
     *
     * @param ifMatch the version the admin edited ({@code If-Match}), or null to update whatever is latest
     */
    public Uni<Purpose> update(Admin admin, String id, PurposeChange change, Long ifMatch) {
        return latestOr404(id).flatMap(previous -> {
            requireVersion(previous, ifMatch);
            List<String> widened = PurposeWidening.of(previous, true, change.definition());
            if (!widened.isEmpty()) {
                StepUp.require(admin.authTime(), stepUpMaxAge, "This change (" + String.join(", ", widened) + ")",
                        Instant.now());
            }
            Purpose next = version(id, previous.version + 1, true, change, admin);
            return next.<Purpose>persistAndFlush().flatMap(p -> audited(admin.actor(), "purpose.update", p, previous,
                    changedParts(previous, p), widened));
        });
    }

    public Uni<Purpose> deactivate(Admin admin, String id, String changeNote, Long ifMatch) {
        return latestOr404(id).flatMap(previous -> {
            requireVersion(previous, ifMatch);
            if (!previous.active) {
                return Uni.createFrom().item(previous);
            }
            Purpose next = version(id, previous.version + 1, false, new PurposeChange(id, previous.displayName,
                    previous.purposeOfUse, previous.definition, changeNote == null ? "deactivated" : changeNote),
                    admin);
            return next.<Purpose>persistAndFlush().flatMap(p -> audited(admin.actor(), "purpose.deactivate", p,
                    previous, List.of("active"), List.of()));
        });
    }

    private static void requireVersion(Purpose latest, Long ifMatch) {
        if (ifMatch != null && ifMatch != latest.version) {
            throw DomainException.preconditionFailed("Purpose " + latest.id + " has changed since you opened it: you "
                    + "edited version " + ifMatch + ", the latest is version " + latest.version + " (saved "
                    + latest.createdAt + "). Reload it and make your change again.");
        }
    }

    private static Uni<Purpose> latestOr404(String id) {
        return Purpose.latest(id).onItem().ifNull().failWith(() -> DomainException.notFound("purpose"));
    }

    private static Purpose version(String id, int version, boolean active, PurposeChange change, Admin admin) {
        Purpose p = new Purpose();
        p.id = id;
        p.version = version;
        p.active = active;
        p.displayName = change.displayName();
        p.purposeOfUse = change.purposeOfUse();
        p.definition = change.definition();
        p.createdAt = Instant.now();
        p.createdBy = admin.actor();
        p.createdByName = admin.name();
        p.changeNote = change.changeNote();
        return p;
    }

    private static List<String> changedParts(Purpose before, Purpose after) {
        List<String> parts = new ArrayList<>();
        if (before.active != after.active) {
            parts.add("active");
        }
        if (!Objects.equals(before.displayName, after.displayName)) {
            parts.add("displayName");
        }
        if (!Objects.equals(before.purposeOfUse, after.purposeOfUse)) {
            parts.add("purposeOfUse");
        }
        var b = before.definition;
        var a = after.definition;
        if (!Objects.equals(b.noteTypes(), a.noteTypes())) {
            parts.add("noteTypes");
        }
        if (!Objects.equals(b.modelProviders(), a.modelProviders())) {
            parts.add("modelProviders");
        }
        if (!Objects.equals(b.resourceRules(), a.resourceRules())) {
            parts.add("resourceRules");
        }
        if (!Objects.equals(b.retention(), a.retention())) {
            parts.add("retention");
        }
        return parts;
    }

    private Uni<Purpose> audited(String actor, String action, Purpose p, Purpose previous, List<String> changed,
            List<String> widened) {
        return audit.record(actor, action, AuditEvent.Outcome.SUCCESS, null, p.id, "purpose/" + p.id,
                Map.of("version", String.valueOf(p.version),
                        "previousVersion", previous == null ? "none" : String.valueOf(previous.version),
                        "changed", String.join(",", changed),
                        "widened", String.join("; ", widened),
                        "reason", p.changeNote == null ? "" : p.changeNote))
                .replaceWith(p);
    }
}

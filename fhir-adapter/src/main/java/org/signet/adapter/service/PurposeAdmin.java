package org.signet.adapter.service;

import org.signet.kit.DomainException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.signet.kit.AuditTrail;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.mapping.ElementCatalog;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.purpose.PurposeChange;
import org.signet.contracts.AuditEvent;

/**
 * Purpose administration: every change is a new immutable version (the previous ones stay, drafts name theirs), and
 * is audited with who made it and which parts changed (names of parts and versions only).
 */
@ApplicationScoped
public class PurposeAdmin {

    private final PurposeValidator validator;
    private final AuditTrail audit;

    public PurposeAdmin(EhrClient ehr, AuditTrail audit) {
        this.validator = new PurposeValidator(new ElementCatalog(ehr.fhir()));
        this.audit = audit;
    }

    /** Needs a transaction ({@code @WithTransaction}). */
    public Uni<Purpose> create(String actor, PurposeChange change) {
        validator.validate(change.id(), change);
        return Purpose.latest(change.id()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(DomainException.conflict("Purpose " + change.id()
                        + " exists; update it instead."));
            }
            Purpose created = version(change.id(), 1, true, change, actor);
            return created.<Purpose>persistAndFlush().flatMap(p -> audited(actor, "purpose.create", p, null,
                    List.of("all")));
        });
    }

    public Uni<Purpose> update(String actor, String id, PurposeChange change) {
        validator.validate(id, change);
        return latestOr404(id).flatMap(previous -> {
            Purpose next = version(id, previous.version + 1, true, change, actor);
            return next.<Purpose>persistAndFlush().flatMap(p -> audited(actor, "purpose.update", p, previous,
                    changedParts(previous, p)));
        });
    }

    public Uni<Purpose> deactivate(String actor, String id, String changeNote) {
        return latestOr404(id).flatMap(previous -> {
            if (!previous.active) {
                return Uni.createFrom().item(previous);
            }
            Purpose next = version(id, previous.version + 1, false, new PurposeChange(id, previous.displayName,
                    previous.purposeOfUse, previous.definition, changeNote == null ? "deactivated" : changeNote),
                    actor);
            return next.<Purpose>persistAndFlush().flatMap(p -> audited(actor, "purpose.deactivate", p, previous,
                    List.of("active")));
        });
    }

    private static Uni<Purpose> latestOr404(String id) {
        return Purpose.latest(id).onItem().ifNull().failWith(() -> DomainException.notFound("purpose"));
    }

    private static Purpose version(String id, int version, boolean active, PurposeChange change, String actor) {
        Purpose p = new Purpose();
        p.id = id;
        p.version = version;
        p.active = active;
        p.displayName = change.displayName();
        p.purposeOfUse = change.purposeOfUse();
        p.definition = change.definition();
        p.createdAt = Instant.now();
        p.createdBy = actor;
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
        return parts;
    }

    private Uni<Purpose> audited(String actor, String action, Purpose p, Purpose previous, List<String> changed) {
        return audit.record(actor, action, AuditEvent.Outcome.SUCCESS, null, p.id, "purpose/" + p.id,
                Map.of("version", String.valueOf(p.version),
                        "previousVersion", previous == null ? "none" : String.valueOf(previous.version),
                        "changed", String.join(",", changed)))
                .replaceWith(p);
    }
}

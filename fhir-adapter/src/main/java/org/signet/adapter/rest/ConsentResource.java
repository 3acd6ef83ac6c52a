package org.signet.adapter.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.signet.kit.AuditTrail;
import org.signet.kit.InvalidFields;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;
import org.signet.kit.StepUp;
import org.signet.adapter.consent.ConsentLookup;
import org.signet.adapter.consent.ConsentOptOut;
import org.signet.adapter.consent.OptOutRequest;
import org.signet.kit.DomainException;
import org.signet.contracts.AuditEvent;

/**
 * The consent registry: admins record, list and revoke patients' opt-outs of AI drafting. Revoking one opts the
 * patient back in, which widens what flows: it needs a reason and a fresh sign-in.
 */
@Path("/v1/consent")
@RolesAllowed("admin")
public class ConsentResource {

    private final JsonWebToken jwt;
    private final AuditTrail audit;
    private final Duration stepUpMaxAge;
    private final ConsentLookup lookup;
    private final Validator validator;

    public ConsentResource(JsonWebToken jwt, AuditTrail audit,
            @ConfigProperty(name = "signet.admin.step-up-max-age", defaultValue = "PT5M") Duration stepUpMaxAge,
            ConsentLookup lookup, Validator validator) {
        this.jwt = jwt;
        this.audit = audit;
        this.stepUpMaxAge = stepUpMaxAge;
        this.lookup = lookup;
        this.validator = validator;
    }

    /** Why a patient is opted back in (required, no PHI beyond what the reason needs). */
    public record Revocation(String reason) {}

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    @Path("/opt-outs")
    @WithTransaction
    public Uni<Response> record(@NotNull OptOutRequest request) {
        // field by field, as 422 (the console points at each field)
        List<InvalidFields.FieldError> problems = new java.util.ArrayList<>(
                InvalidFields.of(validator.validate(request)).errors());
        if (request.scope() == ConsentOptOut.Scope.PURPOSES
                && (request.purposes() == null || request.purposes().isEmpty())) {
            problems.add(new InvalidFields.FieldError("purposes", "needs at least one purpose id (scope PURPOSES)"));
        }
        if (request.periodEnd() != null && !request.periodEnd().isAfter(
                request.periodStart() == null ? Instant.now() : request.periodStart())) {
            problems.add(new InvalidFields.FieldError("periodEnd", "must be after periodStart"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
        Instant now = Instant.now();
        ConsentOptOut optOut = new ConsentOptOut();
        optOut.id = UUID.randomUUID();
        optOut.patientRef = request.patientRef();
        optOut.scope = request.scope();
        optOut.purposes = request.scope() == ConsentOptOut.Scope.ALL ? List.of() : List.copyOf(request.purposes());
        optOut.periodStart = request.periodStart() == null ? now : request.periodStart();
        optOut.periodEnd = request.periodEnd();
        optOut.reason = request.reason();
        optOut.recordedBy = jwt.getSubject();
        optOut.recordedAt = now;
        return optOut.<ConsentOptOut>persistAndFlush()
                .call(saved -> audit.record(jwt.getSubject(), "consent.optout.record", AuditEvent.Outcome.SUCCESS,
                        saved.patientRef, null, "consent-optout/" + saved.id,
                        Map.of("scope", saved.scope.name(), "purposes", String.join(",", saved.purposes))))
                .map(saved -> Response.created(URI.create("/v1/consent/opt-outs/" + saved.id)).entity(saved).build());
    }

    @GET
    @Path("/opt-outs")
    @WithSession
    public Uni<List<ConsentOptOut>> list(@QueryParam("patient") String patient) {
        if (patient == null || patient.isBlank()) {
            return ConsentOptOut.listAll(io.quarkus.panache.common.Sort.by("recordedAt"));
        }
        return ConsentOptOut.forPatient(patient.startsWith("Patient/") ? patient : "Patient/" + patient);
    }

    @GET
    @Path("/opt-outs/{id}")
    @WithSession
    public Uni<ConsentOptOut> read(@PathParam("id") UUID id) {
        return ConsentOptOut.<ConsentOptOut>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("opt-out"));
    }

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @POST
    @Path("/opt-outs/{id}/revoke")
    @WithTransaction
    public Uni<ConsentOptOut> revoke(@PathParam("id") UUID id, Revocation body) {
        if (body == null || body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("reason",
                    "is required: why the patient is opted back in (at most 500 characters)")));
        }
        return ConsentOptOut.<ConsentOptOut>findById(id)
                .onItem().ifNull().failWith(() -> DomainException.notFound("opt-out"))
                .call(optOut -> {
                    if (optOut.revokedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    StepUp.require(jwt.getClaim("auth_time"), stepUpMaxAge, "Opting a patient back in",
                            Instant.now());
                    optOut.revokedAt = Instant.now();
                    optOut.revokedBy = jwt.getSubject();
                    optOut.revokeReason = body.reason();
                    return audit.record(jwt.getSubject(), "consent.optout.revoke", AuditEvent.Outcome.SUCCESS,
                            optOut.patientRef, null, "consent-optout/" + optOut.id, Map.of());
                });
    }

    /**
     * One patient's consent to AI drafting, found by an exact EHR identifier ({@code identifier}, e.g. the MRN) or
     * FHIR id ({@code id}): both sources and the effective decision per active purpose. Audited.
     */
    @GET
    @Path("/patients")
    @WithSession
    public Uni<ConsentLookup.PatientConsent> patient(@QueryParam("identifier") String identifier,
            @QueryParam("id") String id) {
        return lookup.lookUp(jwt.getSubject(), identifier, id);
    }
}

package org.signet.audit.rest;

import ca.uhn.fhir.context.FhirContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hl7.fhir.r4.model.Bundle;
import org.signet.audit.balp.BalpMapper;
import org.signet.audit.chain.AuditRecord;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;

/**
 * The trail as FHIR R4 {@code AuditEvent} resources shaped by IHE BALP (role {@code auditor} only):
 * {@code GET /v1/audit/fhir/AuditEvent?patient=&date=&agent=&_count=} answers a searchset Bundle, oldest first, with a
 * {@code next} link while more remain; {@code GET /v1/audit/fhir/AuditEvent/{id}} one event by its id.
 */
@Path("/v1/audit/fhir/AuditEvent")
@RolesAllowed("auditor")
@Produces(FhirAuditEventResource.FHIR_JSON)
public class FhirAuditEventResource {

    static final String FHIR_JSON = "application/fhir+json";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final Mutiny.SessionFactory sessions;
    private final AuditTrail audit;
    private final JsonWebToken jwt;

    public FhirAuditEventResource(Mutiny.SessionFactory sessions, AuditTrail audit, JsonWebToken jwt) {
        this.sessions = sessions;
        this.audit = audit;
        this.jwt = jwt;
    }

    /**
     * @param patient a Patient reference ({@code Patient/123} or {@code 123}); includes the events of the
     *                patient's vaults and drafts
     * @param dates   FHIR date parameters with prefixes {@code ge gt le lt eq} (a day or an instant), each narrowing
     * @param agent   the acting user (subject) or client id
     */
    @GET
    public Uni<Response> search(@QueryParam("patient") String patient, @QueryParam("date") List<String> dates,
            @QueryParam("agent") String agent, @QueryParam("_count") Integer count,
            @QueryParam("_cursor") Long cursor, @Context UriInfo uri) {
        int size = count == null ? 100 : count;
        if (size < 1 || size > AuditResource.MAX_PAGE) {
            throw DomainException.invalid("_count must be between 1 and " + AuditResource.MAX_PAGE);
        }
        Instant[] window = window(dates);
        String patientRef = AuditQuery.patientRef("patient", patient, true);
        Map<String, String> filters = new TreeMap<>();
        if (agent != null && !agent.isBlank()) {
            filters.put("agent", agent.strip());
        }
        if (dates != null && !dates.isEmpty()) {
            filters.put("date", String.join(",", dates));
        }
        return audit.record(jwt.getSubject(), "audit.search", AuditEvent.Outcome.SUCCESS, patientRef, null,
                "audit-trail/fhir", filters)
                .chain(() -> sessions.withStatelessSession(session -> new AuditQuery().equal("actor", agent)
                        .occurredFrom(window[0]).occurredBefore(window[1]).after(cursor)
                        .find(session, patientRef, size + 1)
                        .chain(rows -> PatientLinks.resolve(session, rows).map(patients -> bundle(rows, size,
                                patients, uri)))))
                .map(bundle -> Response.ok(FHIR.newJsonParser().encodeResourceToString(bundle), FHIR_JSON).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> read(@PathParam("id") String id) {
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("AuditEvent");
        }
        return audit.record(jwt.getSubject(), "audit.read", AuditEvent.Outcome.SUCCESS, null, null,
                "audit-trail/fhir/AuditEvent/" + eventId, Map.of())
                .chain(() -> sessions.withStatelessSession(session -> session.createSelectionQuery(
                        "from AuditRecord r where r.eventId = :id", AuditRecord.class).setParameter("id", eventId)
                        .getResultList().chain(rows -> {
                            if (rows.isEmpty()) {
                                throw DomainException.notFound("AuditEvent");
                            }
                            AuditRecord row = rows.get(0);
                            return PatientLinks.resolve(session, rows).map(patients -> BalpMapper.toFhir(
                                    row.seq, CanonicalRecord.event(row.recordJson), patients.get(row.seq)));
                        })))
                .map(event -> Response.ok(FHIR.newJsonParser().encodeResourceToString(event), FHIR_JSON).build());
    }

    private static Bundle bundle(List<AuditRecord> rows, int size, Map<Long, String> patients, UriInfo uri) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        String base = uri.getBaseUriBuilder().path("v1/audit/fhir/AuditEvent").build().toString();
        rows.stream().limit(size).forEach(row -> {
            org.hl7.fhir.r4.model.AuditEvent event = BalpMapper.toFhir(row.seq, CanonicalRecord.event(row.recordJson),
                    patients.get(row.seq));
            bundle.addEntry().setFullUrl(base + "/" + event.getIdElement().getIdPart()).setResource(event)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        });
        if (rows.size() > size) {
            bundle.addLink().setRelation("next").setUrl(uri.getRequestUriBuilder()
                    .replaceQueryParam("_cursor", rows.get(size - 1).seq).build().toString());
        }
        return bundle;
    }

    /** [from inclusive, to exclusive) of every {@code date} parameter together; null where open. */
    static Instant[] window(List<String> dates) {
        Instant from = null;
        Instant to = null;
        for (String date : dates == null ? List.<String>of() : dates) {
            String value = date.strip();
            String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
            String time = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
            Instant start;
            Instant end;
            try {
                if (time.length() == 10) {
                    LocalDate day = LocalDate.parse(time);
                    start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
                    end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                } else {
                    start = Instant.parse(time);
                    end = start.plus(1, ChronoUnit.MICROS);
                }
            } catch (DateTimeParseException e) {
                throw DomainException.invalid("date must be a day (2026-03-01) or an instant "
                        + "(2026-03-01T10:00:00Z), with an optional prefix ge, gt, le, lt or eq");
            }
            switch (prefix) {
                case "ge" -> from = later(from, start);
                case "gt" -> from = later(from, end);
                case "le" -> to = earlier(to, end);
                case "lt" -> to = earlier(to, start);
                case "eq" -> {
                    from = later(from, start);
                    to = earlier(to, end);
                }
                default -> throw DomainException.invalid("date prefix " + prefix
                        + " is not supported: use ge, gt, le, lt or eq");
            }
        }
        return new Instant[] {from, to};
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}

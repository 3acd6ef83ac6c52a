package org.signet.audit.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.audit.chain.AuditRecord;
import org.signet.audit.chain.CanonicalRecord;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;

/**
 * Breach scoping: which patients' data went to which model provider, when, for which purpose and with which chart
 * fields — the query a privacy officer runs the day a provider reports an incident. Every model call the scribe made
 * is a {@code model.call} event with outcome SUCCESS (audited before the call is made); refused calls sent nothing
 * and are not disclosures. JSON, or CSV for {@code Accept: text/csv} or {@code format=csv}.
 */
@Path("/v1/audit/disclosures")
@RolesAllowed("auditor")
public class DisclosureResource {

    static final String CSV = "text/csv";
    private static final int MAX_ROWS = 100_000;

    private final Mutiny.SessionFactory sessions;
    private final AuditTrail audit;
    private final JsonWebToken jwt;

    public DisclosureResource(Mutiny.SessionFactory sessions, AuditTrail audit, JsonWebToken jwt) {
        this.sessions = sessions;
        this.audit = audit;
        this.jwt = jwt;
    }

    /**
     * One disclosure to a model provider.
     *
     * @param patientRef   the EHR patient, as the trail links the call's vault to it (the token when it cannot)
     * @param patientToken the patient as the scribe named it in the call's event: its vault's token
     * @param fields       the chart element paths the purpose let into the prompt (e.g. {@code Condition.code}),
     *                     as recorded with the call; the transcript always goes too
     */
    public record Disclosure(Instant occurredAt, String provider, String patientRef, String patientToken,
            String vault, String purpose,
            String purposeVersion, List<String> fields, String draft, String requestedBy, boolean local, String baa,
            String modelKind, long seq) {}

    /** The report: its scope and every disclosure in it, oldest first. */
    public record Report(String provider, Instant from, Instant to, int disclosures, long patients,
            List<Disclosure> rows) {}

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> disclosures(@QueryParam("provider") String provider, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("format") String format,
            @jakarta.ws.rs.core.Context HttpHeaders headers) {
        Instant fromTime = AuditQuery.time("from", from, false);
        Instant toTime = AuditQuery.time("to", to, true);
        boolean csv = "csv".equalsIgnoreCase(format) || format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.valueOf(CSV)) && !type.isWildcardType());
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw DomainException.invalid("query parameter format must be json or csv");
        }
        AuditQuery query = new AuditQuery().equal("action", "model.call")
                .equal("outcome", AuditEvent.Outcome.SUCCESS.name()).equal("provider", provider)
                .occurredFrom(fromTime).occurredBefore(toTime);
        Map<String, String> scope = new TreeMap<>();
        scope.put("provider", provider == null || provider.isBlank() ? "any" : provider.strip());
        scope.put("from", fromTime == null ? "start" : fromTime.toString());
        scope.put("to", toTime == null ? "now" : toTime.toString());
        scope.put("format", csv ? "csv" : "json");
        return audit.record(jwt.getSubject(), "audit.disclosure-report", AuditEvent.Outcome.SUCCESS, null, null,
                "audit-trail", scope)
                .chain(() -> sessions.withStatelessSession(session -> query.find(session, null, MAX_ROWS + 1)
                        .chain(records -> {
                            if (records.size() > MAX_ROWS) {
                                throw DomainException.unprocessable("more than " + MAX_ROWS
                                        + " disclosures in this window: narrow it with from and to");
                            }
                            return PatientLinks.resolve(session, records).map(patients -> records.stream()
                                    .map(record -> disclosure(record, patients.get(record.seq))).toList());
                        })))
                .map(rows -> {
                    Report report = new Report(scope.get("provider"), fromTime, toTime, rows.size(),
                            rows.stream().map(Disclosure::patientRef).distinct().count(), rows);
                    return csv ? Response.ok(csv(report), CSV + "; charset=utf-8")
                            .header("Content-Disposition", "attachment; filename=\"disclosures.csv\"").build()
                            : Response.ok(report, MediaType.APPLICATION_JSON).build();
                });
    }

    private static Disclosure disclosure(AuditRecord record, String patient) {
        AuditEvent event = CanonicalRecord.event(record.recordJson);
        Map<String, String> details = event.details();
        String fields = details.getOrDefault("fields", "");
        // the scribe names the patient by its vault's token: the vault's own event names the EHR patient
        return new Disclosure(event.occurredAt(), details.get("provider"), patient != null ? patient
                : event.patientRef(), event.patientRef(), details.get("vault"), event.purpose(),
                details.get("purposeVersion"), fields.isBlank() ? List.of() : List.of(fields.split(",")),
                details.get("draft"), event.actor(), Boolean.parseBoolean(details.get("local")), details.get("baa"),
                details.get("kind"), record.seq);
    }

    static String csv(Report report) {
        StringBuilder out = new StringBuilder(
                "occurred_at,provider,patient_ref,patient_token,vault,purpose,purpose_version,fields,draft,"
                        + "requested_by,local,baa,model_kind,audit_seq\r\n");
        for (Disclosure row : report.rows()) {
            out.append(String.join(",", cell(row.occurredAt().toString()), cell(row.provider()),
                    cell(row.patientRef()), cell(row.patientToken()), cell(row.vault()), cell(row.purpose()),
                    cell(row.purposeVersion()),
                    cell(String.join(" ", row.fields())), cell(row.draft()), cell(row.requestedBy()),
                    cell(String.valueOf(row.local())), cell(row.baa()), cell(row.modelKind()),
                    cell(String.valueOf(row.seq())))).append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting, and a leading apostrophe for what a spreadsheet would run as a formula. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.chars().anyMatch(c -> c == '"' || c == ',' || c == '\r' || c == '\n');
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}

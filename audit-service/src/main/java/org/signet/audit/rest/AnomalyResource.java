package org.signet.audit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.audit.alert.StoredAlert;
import org.signet.audit.anomaly.AnomalyRule;
import org.signet.audit.anomaly.AnomalyWatch;
import org.signet.audit.anomaly.RuleChecks;
import org.signet.contracts.AuditEvent;
import org.signet.kit.AuditTrail;
import org.signet.kit.DomainException;
import org.signet.kit.InvalidFields;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;

/**
 * Anomaly rules and the alerts raised (role {@code auditor}): thresholds and windows are data, changed here without
 * a release, audited, and in effect from the next event on.
 */
@Path("/v1/audit")
@RolesAllowed("auditor")
public class AnomalyResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mutiny.SessionFactory sessions;
    private final AnomalyWatch watch;
    private final AuditTrail audit;
    private final JsonWebToken jwt;

    public AnomalyResource(Mutiny.SessionFactory sessions, AnomalyWatch watch, AuditTrail audit, JsonWebToken jwt) {
        this.sessions = sessions;
        this.watch = watch;
        this.audit = audit;
        this.jwt = jwt;
    }

    /** A rule as the API shows it. */
    public record Rule(String id, String description, int threshold, int windowMinutes, boolean enabled,
            JsonNode settings, Instant updatedAt, String updatedBy) {

        static Rule of(AnomalyRule row) {
            try {
                return new Rule(row.id, row.description, row.threshold, row.windowMinutes, row.enabled,
                        JSON.readTree(row.settings), row.updatedAt.toInstant(), row.updatedBy);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("rule " + row.id + " holds settings that are not JSON", e);
            }
        }
    }

    /** A change to a rule: every field is required, as the rule will be after it. */
    public record RuleChange(Integer threshold, Integer windowMinutes, Boolean enabled, JsonNode settings) {}

    /** An alert as raised. */
    public record Alert(String id, String rule, String severity, String subject, String summary,
            Map<String, String> details, Instant raisedAt) {

        static Alert of(StoredAlert row) {
            try {
                Map<String, String> details = JSON.readValue(row.details,
                        JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
                return new Alert(row.id.toString(), row.rule, row.severity, row.subject, row.summary, details,
                        row.raisedAt.toInstant());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("alert " + row.id + " holds details that are not JSON", e);
            }
        }
    }

    @GET
    @Path("/rules")
    public Uni<List<Rule>> rules() {
        return watch.rules().map(rows -> rows.stream().map(Rule::of).toList());
    }

    @RateLimited(RateLimits.Kind.ADMIN_CHANGES)
    @PUT
    @Path("/rules/{id}")
    public Uni<Rule> change(@PathParam("id") String id, RuleChange change) {
        if (change == null) {
            throw DomainException.invalid("a body with threshold, windowMinutes, enabled and settings is required");
        }
        List<InvalidFields.FieldError> errors = new ArrayList<>();
        if (change.threshold() == null) {
            errors.add(new InvalidFields.FieldError("threshold", "is required"));
        }
        if (change.windowMinutes() == null) {
            errors.add(new InvalidFields.FieldError("windowMinutes", "is required"));
        }
        if (change.enabled() == null) {
            errors.add(new InvalidFields.FieldError("enabled", "is required"));
        }
        String settings = change.settings() == null ? "{}" : change.settings().toString();
        if (errors.isEmpty()) {
            RuleChecks.problems(change.threshold(), change.windowMinutes(), settings)
                    .forEach(problem -> errors.add(new InvalidFields.FieldError(problem.field(), problem.message())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidFields(errors);
        }
        return sessions.withTransaction(session -> session.find(AnomalyRule.class, id).chain(rule -> {
            if (rule == null) {
                throw DomainException.notFound("anomaly rule");
            }
            Map<String, String> details = new TreeMap<>();
            details.put("rule", id);
            details.put("before", rule.threshold + " in " + rule.windowMinutes + " min, "
                    + (rule.enabled ? "on" : "off") + ", " + rule.settings);
            rule.threshold = change.threshold();
            rule.windowMinutes = change.windowMinutes();
            rule.enabled = change.enabled();
            rule.settings = settings;
            rule.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            rule.updatedBy = jwt.getSubject();
            details.put("after", rule.threshold + " in " + rule.windowMinutes + " min, "
                    + (rule.enabled ? "on" : "off") + ", " + rule.settings);
            return audit.record(jwt.getSubject(), "audit.rule-update", AuditEvent.Outcome.SUCCESS, null, null,
                    "anomaly-rule/" + id, details).replaceWith(rule);
        })).call(watch::reloadRules).map(Rule::of);
    }

    @GET
    @Path("/alerts")
    public Uni<List<Alert>> alerts(@QueryParam("rule") String rule, @QueryParam("subject") String subject,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > AuditResource.MAX_PAGE) {
            throw DomainException.invalid("query parameter limit must be between 1 and " + AuditResource.MAX_PAGE);
        }
        StringBuilder where = new StringBuilder("1 = 1");
        if (rule != null && !rule.isBlank()) {
            where.append(" and a.rule = :rule");
        }
        if (subject != null && !subject.isBlank()) {
            where.append(" and a.subject = :subject");
        }
        return sessions.withStatelessSession(session -> {
            var select = session.createSelectionQuery("from StoredAlert a where " + where
                    + " order by a.raisedAt desc", StoredAlert.class);
            if (rule != null && !rule.isBlank()) {
                select.setParameter("rule", rule.strip());
            }
            if (subject != null && !subject.isBlank()) {
                select.setParameter("subject", subject.strip());
            }
            return select.setMaxResults(size).getResultList();
        }).map(rows -> rows.stream().map(Alert::of).toList());
    }
}

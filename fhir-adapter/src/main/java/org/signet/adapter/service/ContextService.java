package org.signet.adapter.service;

import org.signet.kit.DomainException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ca.uhn.fhir.parser.IParser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.hl7.fhir.r4.model.Bundle;
import org.signet.kit.AuditTrail;
import org.signet.adapter.client.EhrCapabilities;
import org.signet.adapter.client.EhrClient;
import org.signet.adapter.client.EhrException;
import org.signet.adapter.mapping.ElementCatalog;
import org.signet.adapter.mapping.ElementFilter;
import org.signet.adapter.purpose.Purpose;
import org.signet.adapter.purpose.ResourceRule;
import org.signet.contracts.AuditEvent;

/**
 * Assembles the minimum-necessary context of one draft: purpose active, consent checked (registry, then EHR),
 * encounter belongs to the patient, then one search per resource rule, filtered again locally. Each EHR read is
 * audited, and every audit event is acknowledged before the context is returned.
 */
@ApplicationScoped
public class ContextService {

    /** Searches run side by side, at most this many at once (EhrClient's pool holds a few more connections). */
    private static final int PARALLEL_READS = 16;

    private final EhrClient ehr;
    private final EhrCapabilities capabilities;
    private final ConsentGate consent;
    private final AuditTrail audit;
    private final ElementCatalog catalog;
    private final ObjectMapper json;
    /**
     * HAPI's client blocks, so the parallel searches need threads; their own pool, not the worker pool the request's
     * read already occupies (a read waiting on searches queued behind other reads could never finish). A managed
     * executor carries the request's context to them: each EHR search is a span of the request's trace.
     */
    private final ManagedExecutor ehrReads;

    public ContextService(EhrClient ehr, EhrCapabilities capabilities, ConsentGate consent, AuditTrail audit,
            ObjectMapper json) {
        this.ehr = ehr;
        this.json = json;
        this.ehrReads = ManagedExecutor.builder().maxAsync(PARALLEL_READS).maxQueued(-1)
                .propagated(ThreadContext.ALL_REMAINING).build();
        this.capabilities = capabilities;
        this.consent = consent;
        this.audit = audit;
        this.catalog = new ElementCatalog(ehr.fhir());
    }

    @PreDestroy
    void close() {
        ehrReads.shutdown();
    }

    /** Needs the reactive session (call inside {@code @WithSession}). */
    public Uni<ContextResponse> assemble(String actor, ContextRequest request) {
        String patientRef = "Patient/" + request.patientId();
        // Two independent reads side by side (two sessions): the purpose's latest version and the opt-out registry.
        return Uni.combine().all().unis(Purpose.latest(request.purpose()), consent.registryEntries(patientRef))
                .asTuple().flatMap(found -> {
                    Purpose purpose = found.getItem1();
                    if (purpose == null) {
                        return Uni.createFrom().failure(DomainException.notFound("purpose"));
                    }
                    if (!purpose.active) {
                        return Uni.createFrom().failure(DomainException.unprocessable("Purpose " + purpose.id
                                + " is deactivated."));
                    }
                    return consent.checkRegistry(actor, patientRef, purpose, found.getItem2())
                            .flatMap(ignored -> WorkerThreads.run(() -> read(actor, request, purpose)));
                });
    }

    /** Blocking: runs on a worker thread. */
    private ContextResponse read(String actor, ContextRequest request, Purpose purpose) {
        // before anything of the patient is read: a search the EHR cannot answer is named, not sent
        for (ResourceRule rule : purpose.definition.resourceRules()) {
            capabilities.missing(rule.type(), MinimumNecessaryQuery.searchParameters(rule)).ifPresent(missing -> {
                throw DomainException.unprocessable("Purpose " + purpose.id + " needs " + missing
                        + ", which this EHR does not support (its CapabilityStatement); nothing was read.");
            });
        }
        String patientId = request.patientId();
        String patientRef = "Patient/" + patientId;
        Set<String> scopes = scopesFor(purpose);
        PendingAudits audits = new PendingAudits();
        consent.checkEhr(scopes, actor, patientRef, purpose, audits);
        checkEncounter(scopes, actor, request, purpose, audits);

        // Consent and encounter are checked above, before any clinical read. The rules' searches are independent
        // reads of the same patient: run them side by side (each audited as it returns, every event acknowledged
        // before anything is delivered) rather than paying one EHR round trip after another.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<ResourceRule> rules = purpose.definition.resourceRules();
        List<CompletableFuture<List<Bundle>>> searches = rules.stream()
                .map(rule -> CompletableFuture.supplyAsync(() -> pages(scopes, actor, patientRef, purpose, rule,
                        MinimumNecessaryQuery.of(rule, patientId, request.encounterId(), today), audits), ehrReads))
                .toList();
        List<List<Bundle>> results = joinAll(searches);

        IParser parser = ehr.fhir().newJsonParser();
        ObjectNode bundle = json.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        Set<String> fieldsSent = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ResourceRule rule = rules.get(i);
            Set<String> choices = catalog.choices(rule.type(), rule.elements());
            int kept = 0;
            for (Bundle page : results.get(i)) {
                for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                    if (!isOfRule(entry, rule) || kept >= rule.maxCount()) {
                        continue; // a server may add outcome resources; only the rule's type is delivered
                    }
                    String key = rule.type() + "/" + entry.getResource().getIdElement().getIdPart();
                    ObjectNode resource;
                    try {
                        resource = (ObjectNode) json.readTree(parser.encodeResourceToString(entry.getResource()));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("HAPI produced unreadable JSON", e);
                    }
                    ElementFilter.retain(resource, rule.elements(), choices)
                            .forEach(element -> fieldsSent.add(rule.type() + "." + element));
                    kept++;
                    if (seen.add(key)) { // two rules of one type (vital signs, labs) never overlap, but be safe
                        entries.addObject().put("fullUrl", key).set("resource", resource);
                    }
                }
            }
        }
        audits.add(audit.record(actor, "context.deliver", AuditEvent.Outcome.SUCCESS, patientRef, purpose.id,
                "Encounter/" + request.encounterId(), Map.of("purposeVersion", String.valueOf(purpose.version),
                        "resources", String.valueOf(entries.size()), "fieldsSent", String.join(",", fieldsSent))));
        audits.awaitAll(audit.ackTimeout()); // nothing leaves before every read and the delivery are on the audit trail
        return new ContextResponse(purpose.id, purpose.version, purpose.purposeOfUse,
                purpose.definition.modelProviders(), purpose.definition.noteTypes(), new ArrayList<>(fieldsSent),
                bundle, purpose.definition.retention());
    }

    /** The pages one rule's search returns: servers cap page sizes below _count, so follow next links. */
    private List<Bundle> pages(Set<String> scopes, String actor, String patientRef, Purpose purpose,
            ResourceRule rule, String query, PendingAudits audits) {
        List<Bundle> pages = new ArrayList<>();
        Bundle page = search(scopes, actor, patientRef, purpose, rule.type(), query, audits);
        pages.add(page);
        long found = page.getEntry().stream().filter(entry -> isOfRule(entry, rule)).count();
        while (found < rule.maxCount() && page.getLink(Bundle.LINK_NEXT) != null) {
            Bundle current = page;
            page = search(scopes, actor, patientRef, purpose, rule.type(), query + " (next page)",
                    client -> client.loadPage().next(current).execute(), audits);
            pages.add(page);
            found += page.getEntry().stream().filter(entry -> isOfRule(entry, rule)).count();
        }
        return pages;
    }

    private static boolean isOfRule(Bundle.BundleEntryComponent entry, ResourceRule rule) {
        return entry.getResource() != null && rule.type().equals(entry.getResource().fhirType());
    }

    /** Waits for every search (none is left running), then fails with the first failure in rule order. */
    private static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        List<T> results = new ArrayList<>(futures.size());
        for (CompletableFuture<T> future : futures) {
            try {
                results.add(future.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return results;
    }

    private void checkEncounter(Set<String> scopes, String actor, ContextRequest request, Purpose purpose,
            PendingAudits audits) {
        String query = "Encounter?_id=" + request.encounterId() + "&patient=" + request.patientId()
                + "&_elements=subject";
        Bundle found = search(scopes, actor, "Patient/" + request.patientId(), purpose, "Encounter", query, audits);
        if (found.getEntry().stream().noneMatch(e -> e.getResource() != null)) {
            throw DomainException.unprocessable("The encounter does not exist or does not belong to the patient.");
        }
    }

    private Bundle search(Set<String> scopes, String actor, String patientRef, Purpose purpose, String type,
            String query, PendingAudits audits) {
        return search(scopes, actor, patientRef, purpose, type, query,
                client -> client.search().byUrl(query).returnBundle(Bundle.class).execute(), audits);
    }

    /** One EHR read, audited: on success the event's acknowledgement joins {@code audits}. */
    private Bundle search(Set<String> scopes, String actor, String patientRef, Purpose purpose, String type,
            String query, java.util.function.Function<ca.uhn.fhir.rest.client.api.IGenericClient, Bundle> call,
            PendingAudits audits) {
        try {
            Bundle result = ehr.call(scopes, call);
            audits.add(audit.record(actor, "ehr.read", AuditEvent.Outcome.SUCCESS, patientRef, purpose.id, type,
                    Map.of("query", query, "count", String.valueOf(result.getEntry().size()),
                            "purposeVersion", String.valueOf(purpose.version))));
            return result;
        } catch (EhrException e) {
            audit.recordAndWait(actor, "ehr.read", AuditEvent.Outcome.FAILURE, patientRef, purpose.id, type,
                    Map.of("query", query, "ehrStatus", String.valueOf(e.status()),
                            "purposeVersion", String.valueOf(purpose.version)));
            throw e;
        }
    }

    /** Only what this purpose reads, plus the consent and encounter checks every context request makes. */
    static Set<String> scopesFor(Purpose purpose) {
        Set<String> scopes = new TreeSet<>(ConsentGate.CONSENT_SCOPES);
        scopes.add("system/Encounter.rs");
        purpose.definition.resourceRules().forEach(rule -> scopes.add("system/" + rule.type() + ".rs"));
        return scopes;
    }
}

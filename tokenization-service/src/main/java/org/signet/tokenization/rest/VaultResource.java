package org.signet.tokenization.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.ProblemTypes;
import org.signet.kit.AuditTrail;
import org.signet.kit.CallerIdentity;
import org.signet.kit.RateLimited;
import org.signet.kit.RateLimits;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.pseudo.FhirPseudonymizer;
import org.signet.tokenization.pseudo.Reidentifier;
import org.signet.tokenization.pseudo.TextPseudonymizer;
import org.signet.kit.DomainException;
import org.signet.tokenization.service.TokenizationMetrics;
import org.signet.tokenization.service.PhiGuard;
import org.signet.tokenization.service.VaultService;
import org.signet.tokenization.service.VaultService.OpenVault;
import org.signet.tokenization.vault.Vault;

/**
 * The vault API. Signet's service accounts call it, each for what it does (checked per call); clinicians call
 * only re-identify, for drafts assigned to them. Every call is audited; no response or log carries an original
 * except re-identify's answer to an authorised caller.
 */
@Path("/v1/vaults")
@RolesAllowed("service")
// JSON only (FHIR's own media type too, where a resource is posted): a one-string record such as TextRequest would
// otherwise be built from any text/plain body, skipping the JSON parser and its limits
@Consumes(MediaType.APPLICATION_JSON)
public class VaultResource {

    public static final String FHIR_JSON = "application/fhir+json";

    private final VaultService vaults;
    private final AuditTrail audit;
    private final TokenizationConfig config;
    private final JsonWebToken caller;
    private final SecurityIdentity identity;
    private final FhirPseudonymizer pseudonymizer;
    private final TokenizationMetrics metrics;

    public VaultResource(VaultService vaults, AuditTrail audit, TokenizationConfig config, JsonWebToken caller,
            SecurityIdentity identity, FhirPseudonymizer pseudonymizer, TokenizationMetrics metrics) {
        this.metrics = metrics;
        this.vaults = vaults;
        this.audit = audit;
        this.config = config;
        this.caller = caller;
        this.identity = identity;
        this.pseudonymizer = pseudonymizer;
    }

    /**
     * @param patientRef      the EHR patient resource id, e.g. {@code Patient/123}
     * @param owner           user id of the clinician the draft job belongs to
     * @param retentionPolicy retention policy name; the service default when absent
     * @param ttlDays         days until the vault is shredded; the policy default when absent
     */
    public record CreateVaultRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "Patient/[A-Za-z0-9\\-.]{1,64}",
                    message = "must be a Patient resource reference like Patient/123") String patientRef,
            @NotBlank @Size(max = 128) String owner,
            @Size(max = 64) String retentionPolicy,
            @Min(1) @Max(3650) Integer ttlDays) {}

    public record VaultCreated(UUID id, String kekId, Instant createdAt, Instant expiresAt) {}

    public record TextRequest(@NotNull String text) {}

    public record PseudonymizedText(String text, List<TextPseudonymizer.Replacement> spans) {}

    /**
     * @param invisibleCharactersRemoved invisible characters (zero-width, soft hyphens, bidi controls…) taken out of
     *                                   the text, so that what a clinician reads and what is filed is all there is
     * @param bidiControlsRemoved        how many of those changed the display order
     */
    public record ReidentifiedText(String text, List<String> unknownTokens, int invisibleCharactersRemoved,
            int bidiControlsRemoved) {}

    public record GuardResult(boolean clean, List<PhiGuard.Finding> findings) {}

    public record ReaderRequest(@NotBlank @Size(max = 128) String userId) {}

    /** A value to tokenize as a given type, e.g. {@code PATIENT_REF} for {@code Patient/123}. */
    public record TypedValue(@NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,40}") String type,
            @NotBlank @Size(max = 1024) String value) {}

    public record TokenizeRequest(@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid TypedValue> values) {}

    public record Tokenized(List<String> tokens) {}

    /** A draft's chart (a FHIR resource or Bundle, as JSON) and a free text about the same patient. */
    public record ChartAndText(@NotNull JsonNode resource, @NotNull String text) {}

    /** Both pseudonymized; {@code resource} is FHIR JSON, embedded as it is. */
    public record PseudonymizedChartAndText(@JsonRawValue String resource, String text,
            List<TextPseudonymizer.Replacement> spans) {}

    /**
     * Opens a vault: 201. With {@code Idempotency-Key} (the drafting service sends its draft job's id), the same key
     * again answers the vault it opened, 200 with {@code Idempotent-Replayed: true}: a create repeated after a lost
     * connection opens no second vault. The key for another patient or owner is 422; for a shredded vault, 409.
     */
    @POST
    @APIResponseSchema(value = VaultCreated.class, responseCode = "201",
            responseDescription = "The vault opened (200 with Idempotent-Replayed: true for a key seen before)")
    public Uni<Response> create(@NotNull @Valid CreateVaultRequest request,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        String client = requireClient(config.callers().drafting(), "vault.create", null, "create vaults");
        if (idempotencyKey != null && !IDEMPOTENCY_KEY_FORM.matcher(idempotencyKey).matches()) {
            throw DomainException.invalid("Idempotency-Key must be 1 to 128 letters, digits, '-', '_', '.' or ':'.");
        }
        Duration ttl = request.ttlDays() == null ? null : Duration.ofDays(request.ttlDays());
        return vaults.create(client, idempotencyKey, request.patientRef(), request.owner(), request.retentionPolicy(),
                        ttl)
                .call(created -> created.replayed() ? Uni.createFrom().voidItem()
                        : audit.record(client, "vault.create", AuditEvent.Outcome.SUCCESS, created.vault().patientRef,
                                null, "vault/" + created.vault().id, Map.of("owner", created.vault().ownerId,
                                        "kek", created.vault().kekId)))
                .map(created -> {
                    Vault vault = created.vault();
                    VaultCreated body = new VaultCreated(vault.id, vault.kekId, vault.createdAt, vault.expiresAt);
                    return created.replayed()
                            ? Response.ok(body).location(URI.create("/v1/vaults/" + vault.id))
                                    .header("Idempotent-Replayed", "true").build()
                            : Response.created(URI.create("/v1/vaults/" + vault.id)).entity(body).build();
                });
    }

    /** The IETF httpapi draft's request header that makes a POST repeatable. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final java.util.regex.Pattern IDEMPOTENCY_KEY_FORM =
            java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** How long a vault is kept: {@code ttlDays} from when it was opened, under a named retention policy. */
    public record RetentionRequest(@NotNull @Min(1) @Max(3650) Integer ttlDays,
            @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9.:-]{0,63}") String retentionPolicy) {}

    /**
     * Sets a vault's retention (the drafting service, once the draft's purpose says how long): the vault is
     * crypto-shredded {@code ttlDays} after it was opened.
     */
    @PUT
    @Path("/{id}/retention")
    public Uni<VaultCreated> retain(@PathParam("id") UUID id, @NotNull @Valid RetentionRequest request) {
        String client = requireClient(config.callers().drafting(), "vault.retention", id, "set vault retention");
        return vaults.retain(id, request.retentionPolicy(), Duration.ofDays(request.ttlDays()))
                .call(vault -> audit.record(client, "vault.retention", AuditEvent.Outcome.SUCCESS, vault.patientRef,
                        null, "vault/" + id, Map.of("policy", vault.retentionPolicy,
                                "expiresAt", vault.expiresAt.toString())))
                .map(vault -> new VaultCreated(vault.id, vault.kekId, vault.createdAt, vault.expiresAt));
    }

    /** Pseudonymizes a FHIR resource or Bundle into the vault; its identifiers become the vault's dictionary. */
    @POST
    @Path("/{id}/fhir")
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces(FHIR_JSON)
    public Uni<String> pseudonymizeFhir(@PathParam("id") UUID id, String body) {
        String client = requireClient(config.callers().drafting(), "vault.pseudonymize-fhir", id, "pseudonymize");
        IBaseResource resource = parseFhir(body);
        return vaults.withVault(id, true, open -> {
            FhirPseudonymizer.Result result = pseudonymizer.pseudonymize(resource, open.session());
            return audited(client, "vault.pseudonymize-fhir", open, Map.of(
                    "resourceType", resource.fhirType(), "tokensAdded", String.valueOf(open.session().added().size())))
                    .replaceWith(() -> fhirParser().encodeResourceToString(result.resource()));
        });
    }

    /**
     * A draft's chart then its transcript, in one transaction: what {@code /fhir} then {@code /text} do, so the
     * chart's identifiers are the dictionary the text is pseudonymized with, without a second round trip. Audited
     * as both.
     */
    @POST
    @Path("/{id}/chart-and-text")
    public Uni<PseudonymizedChartAndText> pseudonymizeChartAndText(@PathParam("id") UUID id,
            @NotNull @Valid ChartAndText request) {
        String client = requireClient(config.callers().drafting(), "vault.pseudonymize-fhir", id, "pseudonymize");
        IBaseResource resource = parseFhir(request.resource().isObject() ? request.resource().toString() : null);
        return vaults.withVault(id, true, open -> {
            FhirPseudonymizer.Result chart = pseudonymizer.pseudonymize(resource, open.session());
            int chartTokens = open.session().added().size();
            TextPseudonymizer.Result text = metrics.detecting(request.text(), () -> pseudonymizer.textPseudonymizer()
                    .pseudonymize(request.text(), open.session(), open.session().chart()));
            return Uni.combine().all().unis(
                    audited(client, "vault.pseudonymize-fhir", open, Map.of("resourceType", resource.fhirType(),
                            "tokensAdded", String.valueOf(chartTokens))),
                    audited(client, "vault.pseudonymize-text", open, Map.of("spans", String.valueOf(text.spans().size()),
                            "tokensAdded", String.valueOf(open.session().added().size() - chartTokens))))
                    .discardItems()
                    .replaceWith(() -> new PseudonymizedChartAndText(
                            fhirParser().encodeResourceToString(chart.resource()), text.text(), text.spans()));
        });
    }

    /**
     * Tokenizes values the caller knows the type of (the patient and encounter references of a draft job), so
     * events and tables carry {@code [[PATIENT_REF_1]]} rather than the EHR's ids. Tokens come back in order.
     */
    @POST
    @Path("/{id}/tokens")
    public Uni<Tokenized> tokenize(@PathParam("id") UUID id, @NotNull @Valid TokenizeRequest request) {
        String client = requireClient(config.callers().drafting(), "vault.tokenize", id, "tokenize values");
        return vaults.withVault(id, true, open -> {
            List<String> tokens = request.values().stream()
                    .map(v -> open.session().tokenFor(v.type(), v.value())).toList();
            return audited(client, "vault.tokenize", open, Map.of("values", String.valueOf(tokens.size())))
                    .replaceWith(new Tokenized(tokens));
        });
    }

    /** Pseudonymizes free text (a transcript, an edited note) into the vault, using its chart dictionary. */
    @POST
    @Path("/{id}/text")
    public Uni<PseudonymizedText> pseudonymizeText(@PathParam("id") UUID id, @NotNull @Valid TextRequest request) {
        String client = requireClient(List.of(config.callers().drafting(), config.callers().review()),
                "vault.pseudonymize-text", id, "pseudonymize text");
        return vaults.withVault(id, true, open -> {
            TextPseudonymizer.Result result = metrics.detecting(request.text(), () -> pseudonymizer
                    .textPseudonymizer().pseudonymize(request.text(), open.session(), open.session().chart()));
            return audited(client, "vault.pseudonymize-text", open, Map.of(
                    "spans", String.valueOf(result.spans().size()),
                    "tokensAdded", String.valueOf(open.session().added().size())))
                    .replaceWith(new PseudonymizedText(result.text(), result.spans()));
        });
    }

    /**
     * Replaces the vault's tokens with their originals. Allowed for the write-back service account, and for a
     * clinician who owns the vault or was added as its reader — with their own token, forwarded.
     */
    @POST
    @Path("/{id}/reidentify")
    @RateLimited(RateLimits.Kind.REIDENTIFICATIONS)
    @RolesAllowed({"service", "clinician"})
    public Uni<ReidentifiedText> reidentify(@PathParam("id") UUID id, @NotNull @Valid TextRequest request) {
        String actor = actor();
        return vaults.withVault(id, false, open -> {
            if (!mayReidentify(open)) {
                return audited(actor, "vault.reidentify", AuditEvent.Outcome.DENIED, open, Map.of())
                        .chain(() -> Uni.createFrom().failure(DomainException.forbidden(
                                "Only the clinician the draft belongs to may re-identify it.")));
            }
            Reidentifier.Result result = Reidentifier.reidentify(request.text(), open.session()::originalOf);
            return audited(actor, "vault.reidentify", AuditEvent.Outcome.SUCCESS, open, Map.of(
                    "unknownTokens", String.valueOf(result.unknownTokens().size()),
                    "invisibleCharactersRemoved", String.valueOf(result.invisibleRemoved())))
                    .replaceWith(new ReidentifiedText(result.text(), result.unknownTokens(), result.invisibleRemoved(),
                            result.bidiControlsRemoved()));
        });
    }

    /** Does the text contain any original of this vault? Findings name type and offsets, never the original. */
    @POST
    @Path("/{id}/guard")
    public Uni<GuardResult> guard(@PathParam("id") UUID id, @NotNull @Valid TextRequest request) {
        String client = requireClient(config.callers().drafting(), "vault.guard", id, "guard");
        return vaults.withVaultToRead(id, open -> {
            List<PhiGuard.Finding> findings = PhiGuard.scan(request.text(), open.session().chart());
            return audited(client, "vault.guard", findings.isEmpty() ? AuditEvent.Outcome.SUCCESS
                            : AuditEvent.Outcome.DENIED, open, Map.of("findings", String.valueOf(findings.size())))
                    .replaceWith(new GuardResult(findings.isEmpty(), findings));
        });
    }

    /** Adds a reviewer allowed to re-identify (signoff-service, when a draft is reassigned). */
    @POST
    @Path("/{id}/readers")
    public Uni<Response> addReader(@PathParam("id") UUID id, @NotNull @Valid ReaderRequest request) {
        String client = requireClient(config.callers().review(), "vault.reader-add", id, "add readers");
        return vaults.addReader(id, request.userId())
                .call(vault -> audit.record(client, "vault.reader-add", AuditEvent.Outcome.SUCCESS, vault.patientRef,
                        null, "vault/" + id, Map.of("reader", request.userId())))
                .replaceWith(Response.noContent().build());
    }

    /** Crypto-shreds the vault: its data key is destroyed, every token becomes unrecoverable (410 after). */
    @DELETE
    @Path("/{id}")
    @RolesAllowed({"service", "admin"})
    public Uni<Response> shred(@PathParam("id") UUID id) {
        String actor = actor();
        if (!identity.hasRole("admin")) {
            requireClient(config.callers().drafting(), "vault.shred", id, "shred vaults");
        }
        return vaults.shred(id)
                .call(vault -> audit.record(actor, "vault.shred", AuditEvent.Outcome.SUCCESS, vault.patientRef, null,
                        "vault/" + id, Map.of()))
                .replaceWith(Response.noContent().build());
    }

    private boolean mayReidentify(OpenVault open) {
        if (identity.hasRole("service")) {
            return config.callers().writeBack().equals(client());
        }
        String user = caller.getSubject();
        return identity.hasRole("clinician")
                && (open.vault().ownerId.equals(user) || open.readers().contains(user));
    }

    private String requireClient(String allowed, String action, UUID vault, String what) {
        return requireClient(List.of(allowed), action, vault, what);
    }

    /** The calling service account if it is one of {@code allowed}; else a 403 (audited). */
    private String requireClient(List<String> allowed, String action, UUID vault, String what) {
        String client = client();
        if (!allowed.contains(client)) {
            audit.record(client, action, AuditEvent.Outcome.DENIED, null, null,
                    vault == null ? "vault" : "vault/" + vault, Map.of()).subscribe().with(ok -> { }, failed -> { });
            throw DomainException.forbidden("This service account may not " + what + ".");
        }
        return client;
    }

    private Uni<Void> audited(String actor, String action, OpenVault open, Map<String, String> details) {
        return audited(actor, action, AuditEvent.Outcome.SUCCESS, open, details);
    }

    private Uni<Void> audited(String actor, String action, AuditEvent.Outcome outcome, OpenVault open,
            Map<String, String> details) {
        return audit.record(actor, action, outcome, open.vault().patientRef, null, "vault/" + open.vault().id,
                details);
    }

    /** The OAuth client the caller's token was issued to (its name when the token says none). */
    private String client() {
        String client = CallerIdentity.client(caller);
        return client == null ? caller.getName() : client;
    }

    /** Users by subject id; service accounts by client id. */
    private String actor() {
        return CallerIdentity.account(identity, caller);
    }

    private static IBaseResource parseFhir(String body) {
        if (body == null || body.isBlank()) {
            throw new DomainException(ProblemTypes.MALFORMED_REQUEST, "Malformed FHIR", 400,
                    "The body must be a FHIR R4 resource or Bundle in JSON.");
        }
        try {
            return fhirParser().parseResource(body);
        } catch (DataFormatException e) {
            // HAPI's message may quote the input: report only that it failed.
            throw new DomainException(ProblemTypes.MALFORMED_REQUEST, "Malformed FHIR", 400,
                    "The body is not a valid FHIR R4 resource in JSON.");
        }
    }

    private static IParser fhirParser() {
        return FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }
}

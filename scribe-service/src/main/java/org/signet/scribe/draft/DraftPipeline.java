package org.signet.scribe.draft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.signet.contracts.AuditEvent;
import org.signet.contracts.DraftEvidence;
import org.signet.contracts.Problem;
import org.signet.contracts.ProblemTypes;
import org.signet.evidence.EncounterFacts;
import org.signet.evidence.EvidenceAligner;
import org.signet.evidence.TranscriptUnits;
import org.signet.kit.AuditTrail;
import org.signet.kit.ConnectionLost;
import org.signet.scribe.client.AdapterClient;
import org.signet.scribe.client.AdapterClient.ContextResponse;
import org.signet.scribe.client.TokenizationClient;
import org.signet.scribe.client.TokenizationClient.TextRequest;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;
import org.signet.scribe.prompt.PromptRenderer;
import org.signet.scribe.prompt.PromptTemplate;
import org.signet.scribe.prompt.PromptTemplates;
import org.signet.scribe.provider.DraftModels;
import org.signet.scribe.provider.ModelOutput;
import org.signet.scribe.provider.ModelProvider;
import org.signet.scribe.provider.ProviderLocality;
import org.signet.scribe.provider.ProviderPolicy;

/**
 * One draft job, step by step (docs/architecture.md §1): vault and context (fetched side by side) → pseudonymize
 * chart then transcript (the review banner's identifiers tokenized beside) → prompt → PHI guard (fail closed) →
 * model → output check and guard → evidence (each sentence's sources, the encounter's facts) → store →
 * {@code drafts.ready}. Runs on a worker thread; every step is recorded (in order, committed while the next step
 * runs; the output check is committed with READY); every refusal and the model call are audited. The raw
 * transcript and chart exist only in this method's memory until tokenization-service has pseudonymized them.
 */
@ApplicationScoped
public class DraftPipeline {

    private static final Logger LOG = Logger.getLogger(DraftPipeline.class);

    /** What a clinician asked for. {@code transcript} and the references are raw: never store or log them. */
    public record Command(UUID draftId, String requestedBy, String patient, String encounter, String purpose,
            String noteType, String providerId, String transcript) {

        @Override
        public String toString() {
            return "Command[draft=" + draftId + ", purpose=" + purpose + ", noteType=" + noteType + "]";
        }
    }

    /** A step ended the job early, in a named state with a PHI-free reason. */
    private static final class Stop extends RuntimeException {
        final DraftState state;

        Stop(DraftState state, String reason) {
            super(reason, null, false, false);
            this.state = state;
        }
    }

    private final TokenizationClient tokenization;
    private final AdapterClient adapter;
    private final DraftJobs jobs;
    private final DraftModels models;
    private final ProviderLocality locality;
    private final PromptTemplates templates;
    private final PromptRenderer renderer;
    private final AuditTrail audit;
    private final ScribeConfig config;
    private final DraftReadyRelay draftsReady;
    private final RunningJobs running;
    private final ManagedExecutor executor;
    private final ObjectMapper json;
    private final DraftMetrics metrics;

    public DraftPipeline(@RestClient TokenizationClient tokenization, @RestClient AdapterClient adapter,
            DraftJobs jobs, DraftModels models, ProviderLocality locality, PromptTemplates templates,
            PromptRenderer renderer, AuditTrail audit, ScribeConfig config,
            DraftReadyRelay draftsReady, RunningJobs running, ManagedExecutor executor, ObjectMapper json,
            DraftMetrics metrics) {
        this.tokenization = tokenization;
        this.adapter = adapter;
        this.jobs = jobs;
        this.models = models;
        this.locality = locality;
        this.templates = templates;
        this.renderer = renderer;
        this.audit = audit;
        this.config = config;
        this.draftsReady = draftsReady;
        this.running = running;
        this.executor = executor;
        this.json = json;
        this.metrics = metrics;
    }

    /** What the catch blocks of {@link #run} need of a job that ended early: its vault, once opened, and provider. */
    private static final class Progress {
        OpenedVault vault;
        String providerLabel = DraftMetrics.UNRESOLVED;
    }

    /** The chart and transcript as tokenization-service pseudonymized them: all the model may see. */
    private record Pseudonymized(ClinicalContext chart, String transcript) {}

    public void run(Command command) {
        UUID id = command.draftId();
        long started = System.nanoTime();
        StepLog steps = new StepLog(jobs, id, executor);
        Progress progress = new Progress();
        running.started(id);
        try {
            PromptTemplate template = templates.forNoteType(command.noteType())
                    .orElseThrow(() -> new Stop(DraftState.FAILED, "no prompt template for note type "
                            + command.noteType()));
            // The vault, the provider's record and the chart are independent of one another: fetch them side by
            // side. The chart needs no vault (it is pseudonymized only after both arrived), and a vault opened for a
            // job that then ends early is shredded like any other.
            CompletableFuture<OpenedVault> opening = executor.supplyAsync(() -> openVault(command));
            CompletableFuture<Optional<ModelProvider>> lookup =
                    executor.supplyAsync(() -> models.provider(command.providerId()));
            ContextResponse context = contextBesideTheVault(command, opening, steps, progress);
            OpenedVault vault = progress.vault;

            ModelProvider provider = allowedProvider(command, command.providerId(), await(lookup), context, vault);
            progress.providerLabel = provider.id;
            if (!context.noteTypes().contains(command.noteType())) {
                throw new Stop(DraftState.FAILED, "purpose " + command.purpose() + " does not produce note type "
                        + command.noteType());
            }
            Pseudonymized input = pseudonymized(command, vault, context, steps);
            Prompt prompt = renderer.render(template, input.chart(), input.transcript());
            steps.record(DraftState.PROMPT_RENDERED, template.id() + " v" + template.version(), job -> {
                job.templateId = template.id();
                job.templateVersion = template.version();
            });
            guard(vault, prompt.fullText(), "prompt", command);
            steps.record(DraftState.GUARD_PASSED, null);
            ModelOutput output = modelCalled(command, provider, vault, context, prompt, input, steps);
            storeReady(command, template, prompt, input, output, vault, steps, started, progress.providerLabel);
        } catch (DraftJobs.JobEnded ended) {
            // this instance outlived the job's lease (a long pause) and another ended it: its end stands
            steps.settle();
            LOG.warnf("draft %s was ended by another instance while this one ran it; stopped", id);
            if (progress.vault != null) {
                shred(id, progress.vault.id());
            }
        } catch (Stop stop) {
            steps.settle();
            end(id, stop.state, stop.getMessage(), progress.vault, command, progress.providerLabel);
        } catch (Exception e) {
            steps.settle();
            endFailed(command, e, progress);
        } finally {
            running.finished(id);
        }
    }

    /**
     * The purpose's context, read while the vault opens (both are needed, neither waits for the other): records
     * VAULT_CREATED (into {@code progress}, so an early end shreds it) and CONTEXT_FETCHED, and gives the vault the
     * purpose's lifetime when it sets one.
     */
    private ContextResponse contextBesideTheVault(Command command, CompletableFuture<OpenedVault> opening,
            StepLog steps, Progress progress) {
        ContextResponse context = null;
        RuntimeException contextFailure = null;
        try {
            context = context(command);
        } catch (RuntimeException e) {
            contextFailure = e;
        }
        OpenedVault vault = settle(opening);
        if (vault == null) {
            await(opening); // rethrows why the vault could not be opened
        }
        progress.vault = vault;
        steps.record(DraftState.VAULT_CREATED, null, job -> {
            job.vaultId = vault.id();
            job.patientRef = vault.patientRef();
            job.encounterRef = vault.encounterRef();
        });
        if (contextFailure != null) {
            throw contextFailure;
        }
        ContextResponse fetched = context;
        AdapterClient.Retention retention = context.retention();
        if (retention != null && retention.vaultDays() != null) {
            // the vault was opened (beside the context read) with the default lifetime: now the purpose's
            tokenization.retain(vault.id(), new TokenizationClient.Retention(retention.vaultDays(),
                    "purpose:" + context.purpose() + ":v" + context.purposeVersion()));
        }
        steps.record(DraftState.CONTEXT_FETCHED, context.fieldsSent().size() + " element paths", job -> {
            job.purposeVersion = fetched.purposeVersion();
            if (retention != null) {
                job.reviewDays = retention.reviewDays();
                job.retentionDays = retention.jobDays();
            }
        });
        return context;
    }

    /** The chart and transcript pseudonymized into the job's vault, and the review banner's tokens beside them. */
    private Pseudonymized pseudonymized(Command command, OpenedVault vault, ContextResponse context, StepLog steps) {
        TokenizationClient.PseudonymizedChartAndText pseudonymized = tokenization.pseudonymize(vault.id(),
                new TokenizationClient.ChartAndText(context.bundle(), command.transcript()));
        ClinicalContext chart = ClinicalContext.fromPseudonymizedBundle(pseudonymized.resource().toString());
        BannerTokens banner = bannerTokens(vault, context.bundle());
        steps.record(DraftState.PSEUDONYMIZED, null, job -> {
            job.patientDisplay = chart.patientName();
            job.birthDateToken = banner.birthDate();
            job.mrnToken = banner.mrn();
            job.encounterDateToken = banner.encounterDate();
            job.encounterType = chart.encounter();
        });
        return new Pseudonymized(chart, pseudonymized.text());
    }

    /**
     * The model's answer to the guarded prompt. The call is a disclosure to the provider, audited as one (ids only,
     * never text) before it is made: audit-service's breach-scoping report reads which chart element paths went,
     * under which purpose version.
     */
    private ModelOutput modelCalled(Command command, ModelProvider provider, OpenedVault vault,
            ContextResponse context, Prompt prompt, Pseudonymized input, StepLog steps) {
        boolean onPremises = stillAllowed(command, provider, vault);
        record(command, "model.call", AuditEvent.Outcome.SUCCESS, vault, Map.of(
                "provider", provider.id, "kind", provider.kind, "local", String.valueOf(onPremises),
                "baa", provider.baaReference == null ? "none" : provider.baaReference,
                "purposeVersion", String.valueOf(context.purposeVersion()),
                "fields", String.join(",", context.fieldsSent()), "endpointHost", endpointHost(provider)));
        // The model's latency is the provider's call alone: the audit above is the pipeline's own overhead.
        long modelStart = System.nanoTime();
        ModelOutput output = callModel(provider, prompt, input.chart(), input.transcript(), command);
        long modelNanos = System.nanoTime() - modelStart;
        long modelMs = TimeUnit.NANOSECONDS.toMillis(modelNanos);
        metrics.modelAnswered(provider.id, Duration.ofNanos(modelNanos));
        steps.record(DraftState.MODEL_CALLED, output.promptTokens() + " tokens in, "
                + output.completionTokens() + " out, " + modelMs + " ms", job -> {
            job.modelLatencyMs = modelMs;
            job.modelName = output.modelName();
            job.modelVersion = output.modelVersion();
            job.aiGenerated = output.aiGenerated();
            job.promptTokens = output.promptTokens();
            job.completionTokens = output.completionTokens();
        });
        return output;
    }

    /**
     * The output checked and guarded, its evidence built, and the draft stored READY with its last check in one
     * transaction, after every earlier step; then sent on {@code drafts.ready}.
     */
    private void storeReady(Command command, PromptTemplate template, Prompt prompt, Pseudonymized input,
            ModelOutput output, OpenedVault vault, StepLog steps, long started, String providerLabel)
            throws JsonProcessingException {
        checkOutput(output.text(), prompt);
        guard(vault, output.text(), "draft", command);
        DraftEvidence evidence = evidence(output, template, input.chart(), input.transcript());
        String evidenceJson = json.writeValueAsString(evidence);
        StepLog.Step checked = StepLog.reached(DraftState.OUTPUT_CHECKED, supportSummary(evidence), job -> { });
        long pipelineMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        DraftJob ready = steps.finish(checked, StepLog.reached(DraftState.READY, null, job -> {
            job.draftText = output.text();
            job.evidence = evidenceJson;
            job.pipelineMs = pipelineMs;
        }));
        metrics.ended(DraftState.READY, providerLabel);
        draftsReady.publishNow(ready);
    }

    /** Ends a job an unforeseen failure stopped: FAILED, with a reason that names classes and statuses only. */
    private void endFailed(Command command, Exception e, Progress progress) {
        UUID id = command.draftId();
        // Class names and statuses only: messages of clients and parsers can quote the data they choked on.
        Throwable unreachable = unreachable(e);
        String cause = e instanceof WebApplicationException web
                ? calledMethod(e) + " answered HTTP " + web.getResponse().getStatus()
                : unreachable != null ? "a service it needs could not be reached: "
                        + unreachable.getClass().getSimpleName()
                : ConnectionLost.in(e) ? "a service it needs dropped the connection, on every attempt"
                : e.getClass().getSimpleName();
        DraftState reached = jobs.find(id).state;
        // the model is called only after the guard passed: before that, the clinician can be told so
        if (reached.beforeTheModel()) {
            cause += "; nothing was sent to a model";
        }
        Problem problem = e instanceof WebApplicationException web ? readProblem(web) : null;
        // Signet's problem details name fields and ids, never values.
        LOG.errorf("draft %s failed after %s: %s%s (%s)", id, reached, cause,
                problem == null ? "" : " — " + problem.type() + ": " + problem.detail(), causes(e));
        end(id, DraftState.FAILED, "the draft job failed after " + reached + " (" + cause + ")", progress.vault,
                command, progress.providerLabel);
    }

    /** The classes of a failure's cause chain, outermost first: what the log may say of it (no messages). */
    private static String causes(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " ← ").append(t.getClass().getName());
        }
        return chain.toString();
    }

    /** The connection failure in a cause chain (a peer down or unreachable), or null. */
    private static Throwable unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return t;
            }
        }
        return null;
    }

    /** The job's vault (owned by the requesting clinician) and the tokens of its patient and encounter. */
    private record OpenedVault(UUID id, String patientRef, String encounterRef) {}

    private OpenedVault openVault(Command command) {
        // the job's id as the create's Idempotency-Key: repeated after a lost connection, it opens no second vault
        UUID vault = tokenization.create(command.draftId().toString(), new TokenizationClient.CreateVault(
                command.patient(), command.requestedBy(), null, config.vaultTtlDays())).id();
        try {
            List<String> refs = tokenization.tokenize(vault, new TokenizationClient.TokenizeRequest(List.of(
                    new TokenizationClient.TypedValue("PATIENT_REF", command.patient()),
                    new TokenizationClient.TypedValue("ENCOUNTER_REF", command.encounter())))).tokens();
            return new OpenedVault(vault, refs.get(0), refs.get(1));
        } catch (RuntimeException e) {
            shred(command.draftId(), vault);
            throw e;
        }
    }

    /** The review banner's identifiers as the draft's vault tokens; each null when the chart gives none. */
    record BannerTokens(String birthDate, String mrn, String encounterDate) {}

    /**
     * The patient's birth date and MRN and the encounter's date, read from the chart context while it is still in
     * memory and tokenized into the draft's vault: the review screen shows them re-identified beside the name, as
     * patient-safety practice asks for two identifiers, and nothing but tokens is stored or sent.
     */
    private BannerTokens bannerTokens(OpenedVault vault, com.fasterxml.jackson.databind.JsonNode bundle) {
        String[] values = BannerValues.of(bundle);
        List<TokenizationClient.TypedValue> typed = new java.util.ArrayList<>();
        String[] types = {"BIRTH_DATE", "MRN", "ENCOUNTER_DATE"};
        for (int k = 0; k < values.length; k++) {
            if (values[k] != null) {
                typed.add(new TokenizationClient.TypedValue(types[k], values[k]));
            }
        }
        if (typed.isEmpty()) {
            return new BannerTokens(null, null, null);
        }
        List<String> tokens = tokenization.tokenize(vault.id(), new TokenizationClient.TokenizeRequest(typed))
                .tokens();
        String[] out = new String[values.length];
        int next = 0;
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k] == null ? null : tokens.get(next++);
        }
        return new BannerTokens(out[0], out[1], out[2]);
    }

    /** The result once it is there, or null if it failed (the failure stays in the future for {@link #await}). */
    private static <T> T settle(CompletableFuture<T> future) {
        return future.handle((value, failure) -> failure == null ? value : null).join();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private ContextResponse context(Command command) {
        try {
            return adapter.context(new AdapterClient.ContextRequest(command.patient(), command.encounter(),
                    command.purpose()));
        } catch (WebApplicationException e) {
            Problem problem = readProblem(e);
            if (e.getResponse().getStatus() == 403 && problem != null
                    && ProblemTypes.CONSENT_DENIED.equals(problem.type())) {
                // fhir-adapter's detail says which: an opt-out, a denying Consent, or a consent the EHR could not
                // confirm (fail closed; the clinician may try again). Its details name sources, never values.
                throw new Stop(DraftState.REFUSED_CONSENT, problem.detail() == null || problem.detail().isBlank()
                        ? "fhir-adapter refused: consent does not allow AI drafting for this purpose"
                        : "fhir-adapter refused: " + problem.detail());
            }
            throw new Stop(DraftState.FAILED, "fhir-adapter answered " + e.getResponse().getStatus()
                    + (problem == null ? "" : " (" + problem.type() + ")"));
        }
    }

    private ModelProvider allowedProvider(Command command, String providerId, Optional<ModelProvider> found,
            ContextResponse context, OpenedVault vault) {
        ModelProvider provider = found.orElse(null);
        String refusal = provider == null ? "provider " + providerId + " does not exist"
                : ProviderPolicy.refusal(provider, locality.onPremisesNow(provider), context.modelProviders(),
                        LocalDate.now(ZoneOffset.UTC)).orElse(null);
        if (refusal != null) {
            refuseProvider(command, providerId, refusal, vault);
        }
        return provider;
    }

    /**
     * Right before the call, a provider registered as local has its endpoint's host resolved again: one whose name
     * now points outside the on-premises networks is refused unless a BAA covers it. Returns whether it is local.
     * Remaining gap: the model's HTTP client resolves the name once more for its own connection, so a DNS change in
     * the moments between the two is not seen (the NetworkPolicy egress rules are the backstop there; an endpoint
     * given as an IP literal has no such gap).
     */
    private boolean stillAllowed(Command command, ModelProvider provider, OpenedVault vault) {
        if (!provider.local) {
            return false; // the BAA rule was applied above and needs no name resolved
        }
        boolean onPremises = locality.onPremisesNow(provider);
        ProviderPolicy.baaRefusal(provider, onPremises, LocalDate.now(ZoneOffset.UTC))
                .ifPresent(refusal -> refuseProvider(command, provider.id, refusal, vault));
        return onPremises;
    }

    /** Audited (provider id and reason, never its address) and the job ends in REFUSED_PROVIDER. */
    private void refuseProvider(Command command, String providerId, String refusal, OpenedVault vault) {
        record(command, "model.call", AuditEvent.Outcome.DENIED, vault,
                Map.of("provider", providerId, "reason", refusal));
        throw new Stop(DraftState.REFUSED_PROVIDER, refusal);
    }

    /** Fail closed: a finding or a guard that cannot answer both refuse. */
    private void guard(OpenedVault vault, String text, String what, Command command) {
        TokenizationClient.GuardResult result;
        try {
            result = tokenization.guard(vault.id(), new TextRequest(text));
        } catch (RuntimeException e) {
            metrics.guardBlocked(what, "unavailable");
            throw new Stop(DraftState.REFUSED_GUARD, "the PHI guard could not check the " + what
                    + "; refused (fail closed)");
        }
        if (!result.clean()) {
            String types = result.findings().stream().map(TokenizationClient.Finding::type)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            record(command, "phi-guard." + what, AuditEvent.Outcome.DENIED, vault,
                    Map.of("findings", String.valueOf(result.findings().size()), "types", types));
            metrics.guardBlocked(what, "identifier");
            throw new Stop(DraftState.REFUSED_GUARD, "the PHI guard found " + result.findings().size()
                    + " identifier(s) " + types + " in the " + what);
        }
    }

    private ModelOutput callModel(ModelProvider provider, Prompt prompt, ClinicalContext chart, String transcript,
            Command command) {
        try {
            ModelOutput output = models.forKind(provider.kind).draft(provider, prompt, chart, transcript);
            if (output.text() == null || output.text().isBlank()) {
                throw new Stop(DraftState.FAILED_MODEL, "the model returned no text");
            }
            return output;
        } catch (Stop stop) {
            throw stop;
        } catch (RuntimeException e) {
            LOG.warnf("draft %s: model call to provider %s failed: %s", command.draftId(), provider.id,
                    e.getClass().getName());
            if (timedOut(e)) {
                int attempts = 1 + config.model().maxRetries();
                throw new Stop(DraftState.FAILED_MODEL, "the model did not answer within "
                        + config.model().timeout().toSeconds() + " s" + (attempts > 1 ? " (" + attempts
                        + " attempts)" : ""));
            }
            throw new Stop(DraftState.FAILED_MODEL, "the model call failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A model that never answered: a timeout anywhere in the cause chain (the client's own type varies). */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().equals("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the draft rests on: the drafter's own links when it knows them (the template drafter, checked by the
     * aligner as it drafts), else every sentence aligned to the transcript and chart afterwards; and the facts the
     * encounter holds, for the omission check at review. Tokens only.
     */
    static DraftEvidence evidence(ModelOutput output, PromptTemplate template, ClinicalContext chart,
            String transcript) {
        String text = transcript == null ? "" : transcript;
        List<TranscriptUnits.Unit> units = TranscriptUnits.of(text);
        List<DraftEvidence.Sentence> sentences = output.evidence() != null ? output.evidence()
                : new EvidenceAligner(text, units, chart.items()).align(output.text(), template.sections());
        return new DraftEvidence(text, chart.items(), sentences, EncounterFacts.of(text, units, chart.items()),
                template.sections());
    }

    /** "12 of 14 sentences supported, 2 facts not in the draft": counts only. */
    static String supportSummary(DraftEvidence evidence) {
        long supported = evidence.sentences().stream().filter(DraftEvidence.Sentence::supported).count();
        return supported + " of " + evidence.sentences().size() + " sentences supported";
    }

    /** A draft may use only tokens the prompt gave it: any other is invented (or a leak) and refused. */
    static void checkOutput(String text, Prompt prompt) {
        Set<String> invented = new TreeSet<>(Prompt.tokensIn(text));
        invented.removeAll(prompt.tokens());
        if (!invented.isEmpty()) {
            throw new Stop(DraftState.FAILED_OUTPUT_CHECK, "the draft used " + invented.size()
                    + " token(s) that are not in the prompt");
        }
    }

    private void end(UUID id, DraftState state, String reason, OpenedVault vault, Command command,
            String providerLabel) {
        try {
            try {
                jobs.step(id, state, reason);
            } catch (DraftJobs.JobEnded ended) {
                LOG.warnf("draft %s was ended by another instance while this one ran it; its end stands", id);
                return;
            }
            metrics.ended(state, providerLabel);
            record(command, "draft." + state.name().toLowerCase(), state.name().startsWith("REFUSED")
                    ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE, vault, Map.of("reason", reason));
        } finally {
            if (vault != null) {
                // Nothing will ever be re-identified from a failed job: shred its vault now.
                shred(id, vault.id());
            }
        }
    }

    private void shred(UUID draft, UUID vault) {
        try {
            tokenization.shred(vault);
        } catch (RuntimeException e) {
            LOG.warnf("draft %s: vault %s not shredded (%s); the retention job will", draft, vault,
                    e.getClass().getSimpleName());
        }
    }

    /** Audits a step of the job; {@code vault} is null before it was opened. */
    private void record(Command command, String action, AuditEvent.Outcome outcome, OpenedVault vault,
            Map<String, String> details) {
        Map<String, String> all = new java.util.HashMap<>(details);
        all.put("draft", command.draftId().toString());
        if (vault != null) {
            all.put("vault", vault.id().toString());
        }
        audit.recordAndWait(command.requestedBy(), action, outcome, vault == null ? null : vault.patientRef(),
                command.purpose(), "draft/" + command.draftId(), all);
    }

    /** The host the model is reached at (the disclosure's recipient), or the provider's kind when it has none. */
    private static String endpointHost(ModelProvider provider) {
        if (provider.endpoint == null || provider.endpoint.isBlank()) {
            return "in-process:" + provider.kind;
        }
        try {
            String host = java.net.URI.create(provider.endpoint).getHost();
            return host == null ? provider.endpoint : host;
        } catch (IllegalArgumentException e) {
            return provider.endpoint;
        }
    }

    /** Which client method failed, from the REST client's message (it names the method, never the data). */
    private static String calledMethod(Exception e) {
        java.util.regex.Matcher method = java.util.regex.Pattern.compile("REST Client method: '([\\w.#$]+)'")
                .matcher(String.valueOf(e.getMessage()));
        return method.find() ? method.group(1).replaceAll(".*\\.", "") : "a call";
    }

    private static Problem readProblem(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}

package org.signet.scribe.draft;

/** The recorded steps of a draft job, and the named states it can end in. */
public enum DraftState {
    RECEIVED,
    VAULT_CREATED,
    CONTEXT_FETCHED,
    PSEUDONYMIZED,
    PROMPT_RENDERED,
    GUARD_PASSED,
    MODEL_CALLED,
    OUTPUT_CHECKED,
    READY(true),
    /**
     * Consent does not allow AI drafting: the patient opted out (admin registry or an EHR Consent), or the EHR could
     * not confirm the patient's consent (fail closed). The reason says which.
     */
    REFUSED_CONSENT(true),
    /** The model provider is not allowed: disabled, no BAA in force, or not allowed for the purpose. */
    REFUSED_PROVIDER(true),
    /** The PHI guard found an identifier in the prompt or the output, or could not run. */
    REFUSED_GUARD(true),
    /** The model output used tokens the prompt did not contain. */
    FAILED_OUTPUT_CHECK(true),
    FAILED_MODEL(true),
    FAILED(true);

    private final boolean terminal;

    DraftState() {
        this(false);
    }

    DraftState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    /** A job that reached only this step sent nothing to a model: the model is called only after the guard passed. */
    public boolean beforeTheModel() {
        return ordinal() < GUARD_PASSED.ordinal();
    }
}

package org.signet.adapter.client;

import java.util.UUID;

/** Turns tokens back into originals through tokenization-service, as fhir-adapter's write-back account. Blocking. */
public interface Reidentification {

    /**
     * @return the text with every token of {@code vaultId} replaced by its original
     * @throws ReidentificationException when the vault refuses or is unreachable, or a token is unknown to it
     */
    String reidentify(UUID vaultId, String text);

    /** Re-identification failed; {@code transient} says whether retrying can help. Message PHI-free. */
    class ReidentificationException extends RuntimeException {
        private final boolean retryable;

        public ReidentificationException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}

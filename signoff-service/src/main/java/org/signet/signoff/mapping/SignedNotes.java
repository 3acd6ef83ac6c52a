package org.signet.signoff.mapping;

import java.util.UUID;
import org.signet.contracts.DraftReady;
import org.signet.contracts.NoteSigned;
import org.signet.signoff.queue.QueueItem;

/** A signed queue item as the {@code notes.signed} event fhir-adapter files from. Tokens only. */
public final class SignedNotes {

    private SignedNotes() {}

    /** One key per draft: a draft is signed at most once, and fhir-adapter files at most once per key. */
    public static String idempotencyKey(UUID draftId) {
        return "sign-" + draftId;
    }

    /** @param review what the signer reviewed; null for a draft that came without evidence */
    public static NoteSigned event(QueueItem item, NoteSigned.Review review) {
        DraftReady.ModelLineage model = new DraftReady.ModelLineage(item.providerId, item.modelName,
                item.modelVersion, item.promptTemplateId,
                item.promptTemplateVersion == null ? 0 : item.promptTemplateVersion, item.aiGenerated);
        return new NoteSigned(NoteSigned.SCHEMA_VERSION, item.draftId, item.vaultId, item.signedBy,
                item.signerFhirUser, item.patientRef, item.encounterRef, item.noteType, item.purpose, model,
                item.currentText, item.signedAt, item.contentSha256, idempotencyKey(item.draftId), review);
    }
}

package org.signet.adapter.service;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.signet.kit.AuditUnavailable;

/**
 * The audit events of one request, sent as the reads happen and acknowledged together before anything read is
 * handed out: the request still fails if any read was not audited, but it no longer waits for each
 * acknowledgement before its next read. Safe to add to from the parallel searches.
 */
final class PendingAudits {

    private final List<CompletableFuture<Void>> sent = new CopyOnWriteArrayList<>();

    /** Sends now (subscribes), acknowledged by {@link #awaitAll}. */
    void add(Uni<Void> audit) {
        sent.add(audit.subscribeAsCompletionStage());
    }

    /**
     * Waits for every acknowledgement; fails with {@link AuditUnavailable} (answered 503) if one failed or did not
     * come within {@code max}.
     */
    void awaitAll(Duration max) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("interrupted while the audit trail acknowledged the reads", e);
        } catch (TimeoutException e) {
            throw new AuditUnavailable("the audit trail did not acknowledge the reads within " + max, e);
        } catch (ExecutionException e) {
            throw new AuditUnavailable("the audit trail refused a read's event", e.getCause());
        }
    }
}

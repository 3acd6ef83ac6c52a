package org.signet.adapter.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs blocking work (HAPI's FHIR client, the tokenization REST call) on a worker thread and resumes on the caller's
 * Vert.x context, where the reactive Hibernate session of the request or message lives.
 */
public final class WorkerThreads {

    private WorkerThreads() {}

    public static <T> Uni<T> run(Supplier<T> blocking) {
        Context caller = Vertx.currentContext();
        Uni<T> onWorker = Uni.createFrom().item(blocking).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? onWorker : onWorker.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}

package org.signet.adapter.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.signet.adapter.service.NoteFiler;

/** Keeps retrying notes the EHR could not take, every {@code signet.adapter.write-back.retry-interval}. */
@ApplicationScoped
public class FilingRetryScheduler {

    private static final Logger LOG = Logger.getLogger(FilingRetryScheduler.class);
    private final NoteFiler filer;

    public FilingRetryScheduler(NoteFiler filer) {
        this.filer = filer;
    }

    @Scheduled(every = "${signet.adapter.write-back.retry-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryDue() {
        return filer.retryDue().onFailure().invoke(e -> LOG.warnf("scheduled write-back retry failed (%s)",
                e.getClass().getSimpleName())).onFailure().recoverWithNull();
    }
}

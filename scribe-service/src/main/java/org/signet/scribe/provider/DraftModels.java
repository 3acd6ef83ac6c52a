package org.signet.scribe.provider;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured providers and the model implementation for each kind, for the pipeline's worker thread. */
@ApplicationScoped
public class DraftModels {

    private final Map<String, DraftModel> byKind;

    public DraftModels(Instance<DraftModel> models) {
        this.byKind = models.stream().collect(Collectors.toMap(DraftModel::kind, Function.identity()));
    }

    public Optional<ModelProvider> provider(String id) {
        try {
            return Optional.ofNullable(VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> ModelProvider.<ModelProvider>findById(id))));
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public DraftModel forKind(String kind) {
        DraftModel model = byKind.get(kind);
        if (model == null) {
            throw new IllegalStateException("no implementation for provider kind " + kind);
        }
        return model;
    }
}

package org.signet.scribe.provider;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;

/**
 * Any GGUF model run in-process by llama.cpp ({@code de.kherud:llama}; natives ship inside the jar). The
 * provider's {@code endpoint} is the model file's path. Each model is loaded once and serves one call at a time
 * (calls queue on its lock): on a 2-core machine parallel generation is only slower.
 */
@ApplicationScoped
public class LocalGgufModel implements DraftModel {

    private final ScribeConfig config;
    private final Map<String, LlamaModel> models = new ConcurrentHashMap<>();

    public LocalGgufModel(ScribeConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return "local-gguf";
    }

    @Override
    public ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript) {
        LlamaModel model = models.computeIfAbsent(provider.endpoint, this::load);
        // No chat template is assumed (tiny test models have none): a plain role-prefixed transcript.
        String text = "System: " + prompt.system() + "\nUser: " + prompt.user() + "\nAssistant:";
        synchronized (model) {
            int promptTokens = model.encode(text).length;
            String completion = model.complete(new InferenceParameters(text)
                    .setNPredict(config.model().maxTokens())
                    .setTemperature((float) config.model().temperature())
                    .setStopStrings("\nUser:", "\nSystem:"));
            return new ModelOutput(completion.strip(), provider.model, provider.modelVersion, promptTokens,
                    model.encode(completion).length, true);
        }
    }

    private LlamaModel load(String path) {
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("GGUF model file not found for a local-gguf provider");
        }
        return new LlamaModel(new ModelParameters()
                .setModel(path)
                .setGpuLayers(0)
                .setThreads(config.model().threads())
                .setCtxSize(config.model().contextSize())
                // llama.cpp logs per request on stdout; off, so nothing about a prompt lands in a log
                .disableLog());
    }

    @PreDestroy
    void unload() {
        models.values().forEach(LlamaModel::close);
    }
}

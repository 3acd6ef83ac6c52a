package org.signet.scribe.provider;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;

/**
 * Any {@code /v1/chat/completions} endpoint (vLLM, Ollama, llama.cpp server, Azure OpenAI or OpenAI under a BAA),
 * through LangChain4j's OpenAI module. Timeouts and retries come from configuration; logging of requests is off
 * (prompts are pseudonymized, but they are still clinical content).
 */
@ApplicationScoped
public class OpenAiCompatibleModel implements DraftModel {

    private final ScribeConfig config;
    private final Map<String, ChatModel> clients = new ConcurrentHashMap<>();

    public OpenAiCompatibleModel(ScribeConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return "openai-compatible";
    }

    @Override
    public ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript) {
        ChatModel model = clients.computeIfAbsent(provider.id + "|" + provider.version, key -> build(provider));
        ChatResponse response = model.chat(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()));
        var usage = response.tokenUsage();
        return new ModelOutput(response.aiMessage().text(),
                response.metadata() != null && response.metadata().modelName() != null
                        ? response.metadata().modelName() : provider.model,
                provider.modelVersion,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), true);
    }

    private ChatModel build(ModelProvider provider) {
        return OpenAiChatModel.builder()
                .baseUrl(provider.endpoint)
                .apiKey(config.providerKeys().getOrDefault(provider.id, "none"))
                .modelName(provider.model)
                .temperature(config.model().temperature())
                .maxTokens(config.model().maxTokens())
                .timeout(config.model().timeout())
                .maxRetries(config.model().maxRetries())
                .logRequests(false)
                .logResponses(false)
                .build();
    }
}

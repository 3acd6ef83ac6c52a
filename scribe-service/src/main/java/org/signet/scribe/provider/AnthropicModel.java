package org.signet.scribe.provider;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.signet.scribe.config.ScribeConfig;
import org.signet.scribe.prompt.ClinicalContext;
import org.signet.scribe.prompt.Prompt;

/** Anthropic's Messages API (under a BAA), through LangChain4j's Anthropic module. */
@ApplicationScoped
public class AnthropicModel implements DraftModel {

    private final ScribeConfig config;
    private final Map<String, ChatModel> clients = new ConcurrentHashMap<>();

    public AnthropicModel(ScribeConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return "anthropic";
    }

    @Override
    public ModelOutput draft(ModelProvider provider, Prompt prompt, ClinicalContext context, String transcript) {
        ChatModel model = clients.computeIfAbsent(provider.id + "|" + provider.version, key -> {
            var builder = AnthropicChatModel.builder()
                    .apiKey(config.providerKeys().getOrDefault(provider.id, ""))
                    .modelName(provider.model)
                    .temperature(config.model().temperature())
                    .maxTokens(config.model().maxTokens())
                    .timeout(config.model().timeout())
                    .maxRetries(config.model().maxRetries())
                    .logRequests(false)
                    .logResponses(false);
            if (provider.endpoint != null && !provider.endpoint.isBlank()) {
                builder.baseUrl(provider.endpoint);
            }
            return builder.build();
        });
        ChatResponse response = model.chat(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()));
        var usage = response.tokenUsage();
        return new ModelOutput(response.aiMessage().text(), provider.model, provider.modelVersion,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), true);
    }
}

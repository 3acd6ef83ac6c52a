package org.signet.services.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns OpenAI chat {@code messages} into one prompt string for a model without a usable chat template.
 *
 * <p>Plain format (the default, and the only sensible one for the tiny test model, which was never trained on a
 * chat format): one line per message, {@code "<Role>: <content>"}, joined by {@code \n}, then a final
 * {@code "Assistant:"} so the model continues as the assistant:
 *
 * <pre>
 * System: You write short notes.
 * User: Hello
 * Assistant:
 * </pre>
 *
 * Roles: {@code system} and {@code developer} become {@code System}, {@code user} {@code User}, {@code assistant}
 * {@code Assistant}, {@code tool} {@code Tool}. Content is a string, null (an assistant turn with only tool calls;
 * treated as empty), or an array of {@code {"type":"text","text":...}} parts, which are concatenated; any other part
 * type is rejected.
 */
public final class ChatPrompt {

    /** One message, role already validated. */
    public record Message(String role, String content) {}

    private ChatPrompt() {}

    /** Parses and validates {@code messages}; throws {@link IllegalArgumentException} with a client-facing reason. */
    public static List<Message> parse(JsonNode messages) {
        if (messages == null || messages.isNull() || messages.isMissingNode()) {
            throw new IllegalArgumentException("'messages' is required");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty array");
        }
        List<Message> parsed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw new IllegalArgumentException("messages[" + i + "] must be an object");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw new IllegalArgumentException("messages[" + i + "].role is required");
            }
            String r = role.asText();
            if (!List.of("system", "developer", "user", "assistant", "tool").contains(r)) {
                throw new IllegalArgumentException("messages[" + i + "].role '" + r + "' is not supported");
            }
            parsed.add(new Message(r, content(message.get("content"), i)));
        }
        return parsed;
    }

    private static String content(JsonNode content, int i) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new IllegalArgumentException("messages[" + i + "].content: only text parts are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw new IllegalArgumentException("messages[" + i + "].content must be a string or an array of text parts");
    }

    /** The plain prompt described in the class comment. */
    public static String plain(List<Message> messages) {
        StringBuilder prompt = new StringBuilder();
        for (Message message : messages) {
            prompt.append(label(message.role())).append(": ").append(message.content()).append('\n');
        }
        return prompt.append("Assistant:").toString();
    }

    private static String label(String role) {
        return switch (role) {
            case "system", "developer" -> "System";
            case "assistant" -> "Assistant";
            case "tool" -> "Tool";
            default -> "User";
        };
    }
}

package org.signet.tokenization.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.signet.tokenization.config.TokenizationConfig;

/** Chooses the KEK provider from configuration. */
@ApplicationScoped
public class KekProviderProducer {

    @Produces
    @ApplicationScoped
    KekProvider kekProvider(TokenizationConfig config) {
        return switch (config.kek().provider()) {
            case "local-file" -> new LocalFileKekProvider(config.kek().directory().map(Path::of)
                    .orElse(Path.of(System.getProperty("user.home"), ".signet", "keys", "kek")));
            case "environment" -> new StaticKeysKekProvider("environment", parseKeys(config.kek().keys()
                    .orElseThrow(() -> new IllegalStateException("signet.tokenization.kek.keys is required for the "
                            + "environment KEK provider (mount it from a secret)"))));
            default -> throw new IllegalStateException("unknown KEK provider " + config.kek().provider()
                    + "; use local-file or environment");
        };
    }

    /** {@code <version>:<base64 key>[,<version>:<base64 key>…]}. */
    static Map<Integer, byte[]> parseKeys(String spec) {
        Map<Integer, byte[]> keys = new HashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            if (parts.length != 2) {
                throw new IllegalStateException("signet.tokenization.kek.keys entries are <version>:<base64 key>");
            }
            keys.put(Integer.parseInt(parts[0].trim()), Base64.getDecoder().decode(parts[1].trim()));
        }
        return keys;
    }
}

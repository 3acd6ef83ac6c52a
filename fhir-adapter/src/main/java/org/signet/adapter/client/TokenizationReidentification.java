package org.signet.adapter.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** {@link Reidentification} through tokenization-service's REST API. */
@ApplicationScoped
public class TokenizationReidentification implements Reidentification {

    private final TokenizationApi api;

    public TokenizationReidentification(@RestClient TokenizationApi api) {
        this.api = api;
    }

    @Override
    public String reidentify(UUID vaultId, String text) {
        TokenizationApi.ReidentifyResponse response;
        try {
            response = api.reidentify(vaultId, new TokenizationApi.ReidentifyRequest(text));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            boolean retryable = status >= 500 || status == 408 || status == 429 || status == 401;
            throw new ReidentificationException("tokenization-service answered " + status + " for vault " + vaultId,
                    retryable, null);
        } catch (ProcessingException e) {
            throw new ReidentificationException("tokenization-service is unreachable", true, null);
        }
        if (response == null || response.text() == null) {
            throw new ReidentificationException("tokenization-service answered without text", true, null);
        }
        if (response.unknownTokens() != null && !response.unknownTokens().isEmpty()) {
            // A token the vault does not know would land in the chart as a placeholder: never file that.
            throw new ReidentificationException(response.unknownTokens().size() + " token(s) unknown to vault "
                    + vaultId, false, null);
        }
        return response.text();
    }
}

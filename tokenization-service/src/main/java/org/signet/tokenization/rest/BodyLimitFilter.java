package org.signet.tokenization.rest;

import org.signet.kit.ProblemMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.signet.contracts.ProblemTypes;
import org.signet.tokenization.config.TokenizationConfig;

/** Refuses bodies over the configured size with a 413 problem before anything reads them. */
public class BodyLimitFilter {

    private final TokenizationConfig config;

    public BodyLimitFilter(TokenizationConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limitBody(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > config.maxBodyBytes()) {
            return Optional.of(ProblemMapper.problem(ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", 413,
                    "The body has " + length + " bytes; the limit is " + config.maxBodyBytes() + "."));
        }
        return Optional.empty();
    }
}

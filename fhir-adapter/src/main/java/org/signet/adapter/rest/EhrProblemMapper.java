package org.signet.adapter.rest;

import static org.signet.kit.ProblemMapper.problem;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.signet.adapter.client.EhrException;
import org.signet.contracts.ProblemTypes;

/**
 * EHR failures as problem JSON. The exception's message is logged: it names statuses and OperationOutcome codes
 * with every quoted value elided (see EhrClient), never submitted content.
 */
public class EhrProblemMapper {

    private static final Logger LOG = Logger.getLogger(EhrProblemMapper.class);

    @ServerExceptionMapper
    public Response ehr(EhrException e) {
        LOG.warnf("EHR call failed: %s", e.getMessage());
        return switch (e.kind()) {
            case UNAVAILABLE -> problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "EHR unavailable", 503,
                    "The EHR could not be reached; try again later.");
            case CREDENTIALS_REFUSED -> problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "EHR refused fhir-adapter", 502,
                    "The EHR refused fhir-adapter's credentials or scopes; an administrator must check its "
                            + "SMART Backend Services registration.");
            case REJECTED -> problem(ProblemTypes.UPSTREAM_UNAVAILABLE, "EHR rejected the request", 502,
                    "The EHR rejected fhir-adapter's request (" + e.status() + ").");
        };
    }
}

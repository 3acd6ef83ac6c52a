package org.signet.tokenization.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.signet.contracts.ProblemTypes;
import org.signet.kit.ProblemMapper;
import org.signet.tokenization.vault.AesGcm;

/** Tampered or corrupted vault ciphertext: a loud 500 problem, never garbage and never the data. */
public class IntegrityProblemMapper {

    private static final Logger LOG = Logger.getLogger(IntegrityProblemMapper.class);

    @ServerExceptionMapper
    public Response tampered(AesGcm.TamperedCiphertextException e) {
        LOG.error("vault ciphertext failed its GCM authentication check: possible tampering");
        return ProblemMapper.problem(ProblemTypes.INTEGRITY, "Integrity check failed", 500,
                "Stored vault data failed its integrity check; nothing was returned. The event is logged.");
    }
}

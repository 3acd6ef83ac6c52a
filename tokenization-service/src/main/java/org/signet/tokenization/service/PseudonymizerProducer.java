package org.signet.tokenization.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.pseudo.FhirPseudonymizer;
import org.signet.tokenization.pseudo.PseudonymizationProfile;

/** Loads and validates the FHIR pseudonymization profile once, at start: a bad rules file stops the service. */
@ApplicationScoped
public class PseudonymizerProducer {

    private static final Logger LOG = Logger.getLogger(PseudonymizerProducer.class);

    @Produces
    @ApplicationScoped
    FhirPseudonymizer pseudonymizer(TokenizationConfig config) {
        PseudonymizationProfile profile = config.profile().map(PseudonymizerProducer::load)
                .orElseGet(PseudonymizationProfile::safeHarbor);
        LOG.infof("pseudonymization profile %s v%d loaded (%d rules)", profile.id(), profile.version(),
                profile.rules().size());
        return new FhirPseudonymizer(profile);
    }

    private static PseudonymizationProfile load(String location) {
        try (InputStream in = Files.exists(Path.of(location)) ? Files.newInputStream(Path.of(location))
                : PseudonymizerProducer.class.getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("pseudonymization profile " + location + " not found");
            }
            return PseudonymizationProfile.load(in, location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pseudonymization profile " + location, e);
        }
    }
}

package org.signet.tokenization.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.signet.tokenization.config.TokenizationConfig;
import org.signet.tokenization.pseudo.FhirPseudonymizer;
import org.signet.tokenization.pseudo.PseudonymizationProfile;

/**
 * The pseudonymization profile in force and how long vaults live, for the admin console's data-flow diagram and a
 * privacy review: rules as paths and operators only (the profile is configuration, never patient data).
 */
@Path("/v1/pseudonymization/profile")
@RolesAllowed({"admin", "auditor"})
public class ProfileResource {

    /** One rule: which element, what is done to it. */
    public record RuleSummary(String resource, String path, String operator, String tokenType) {}

    /** A FHIR data type handled wherever it appears. */
    public record TypeSummary(String type, String operator, String tokenType) {}

    public record ProfileSummary(String id, int version, String description, String freeTextDates,
            List<RuleSummary> rules, List<TypeSummary> typeDefaults, long vaultDefaultTtlDays) {}

    private final ProfileSummary summary;

    public ProfileResource(FhirPseudonymizer pseudonymizer, TokenizationConfig config) {
        PseudonymizationProfile p = pseudonymizer.profile();
        this.summary = new ProfileSummary(p.id(), p.version(), p.description(),
                p.freeTextDates() == null ? null : p.freeTextDates().name(),
                p.rules().stream().map(r -> new RuleSummary(r.resource(), r.path(), r.operator().ruleName(),
                        r.tokenType())).toList(),
                p.typeDefaults().stream().map(t -> new TypeSummary(t.type(), t.operator().ruleName(), t.tokenType()))
                        .toList(),
                config.vaults().defaultTtl().toDays());
    }

    @GET
    public ProfileSummary profile() {
        return summary;
    }
}

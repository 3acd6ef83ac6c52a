package org.signet.scribe.provider;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether PHI-bearing prompts may go to a provider: enabled; on-premises (as the operator's configuration decides,
 * see {@link ProviderLocality}), or covered by a Business Associate Agreement in force on the call date; and allowed
 * for the purpose. Checked at call time, every time.
 */
public final class ProviderPolicy {

    private ProviderPolicy() {}

    /**
     * Why the call is refused (PHI-free), or empty when it may go. {@code onPremises} is
     * {@link ProviderLocality#onPremisesNow}, decided now: never the stored {@code local} flag alone.
     */
    public static Optional<String> refusal(ModelProvider provider, boolean onPremises,
            Collection<String> allowedForPurpose, LocalDate callDate) {
        if (!provider.enabled) {
            return Optional.of("provider " + provider.id + " is disabled");
        }
        Optional<String> baa = baaRefusal(provider, onPremises, callDate);
        if (baa.isPresent()) {
            return baa;
        }
        if (allowedForPurpose != null && !allowedForPurpose.contains(provider.id)) {
            return Optional.of("provider " + provider.id + " is not allowed for this purpose");
        }
        return Optional.empty();
    }

    /** The BAA part alone: also decides whether a provider may be enabled. */
    public static Optional<String> baaRefusal(ModelProvider provider, boolean onPremises, LocalDate callDate) {
        if (onPremises) {
            return Optional.empty();
        }
        if (provider.baaReference == null || provider.baaReference.isBlank() || provider.baaEffective == null) {
            return Optional.of(provider.local
                    // registered as local, but its endpoint no longer resolves inside the on-premises networks
                    ? "provider " + provider.id + " is no longer on-premises and has no BAA on file"
                    : "provider " + provider.id + " is remote and has no BAA on file");
        }
        if (callDate.isBefore(provider.baaEffective)) {
            return Optional.of("provider " + provider.id + "'s BAA is not yet in force");
        }
        if (provider.baaExpires != null && callDate.isAfter(provider.baaExpires)) {
            return Optional.of("provider " + provider.id + "'s BAA expired on " + provider.baaExpires);
        }
        return Optional.empty();
    }
}

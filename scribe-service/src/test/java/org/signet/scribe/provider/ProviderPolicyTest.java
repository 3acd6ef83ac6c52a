package org.signet.scribe.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderPolicyTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @Test
    void aLocalProviderNeedsNoBaa() {
        assertEquals(Optional.empty(), ProviderPolicy.refusal(provider(true, null, null, null), true, null, TODAY));
    }

    @Test
    void aRemoteProviderNeedsABaaInForceOnTheCallDate() {
        assertTrue(ProviderPolicy.refusal(provider(false, null, null, null), false, null, TODAY).orElseThrow()
                .contains("no BAA"));
        assertTrue(ProviderPolicy.refusal(provider(false, "BAA-1", TODAY.plusDays(1), null), false, null, TODAY)
                .orElseThrow().contains("not yet in force"));
        assertTrue(ProviderPolicy.refusal(provider(false, "BAA-1", TODAY.minusYears(2), TODAY.minusDays(1)), false,
                null, TODAY).orElseThrow().contains("expired"));
        assertEquals(Optional.empty(),
                ProviderPolicy.refusal(provider(false, "BAA-1", TODAY, TODAY), false, null, TODAY));
    }

    @Test
    void aProviderRegisteredAsLocalButNoLongerOnPremisesNeedsABaa() {
        // the stored flag alone never skips the BAA rule: only the locality decided at call time does
        String refusal = ProviderPolicy.refusal(provider(true, null, null, null), false, null, TODAY).orElseThrow();
        assertTrue(refusal.contains("no longer on-premises") && refusal.contains("no BAA"), refusal);
        assertEquals(Optional.empty(), ProviderPolicy.refusal(provider(true, "BAA-1", TODAY, null), false, null,
                TODAY), "under a BAA it may still be called");
    }

    @Test
    void aPurposeMayRestrictProvidersAndDisabledIsRefused() {
        ModelProvider local = provider(true, null, null, null);
        assertTrue(ProviderPolicy.refusal(local, true, List.of("other"), TODAY).orElseThrow().contains("purpose"));
        local.enabled = false;
        assertTrue(ProviderPolicy.refusal(local, true, List.of("p"), TODAY).orElseThrow().contains("disabled"));
    }

    private static ModelProvider provider(boolean local, String baa, LocalDate from, LocalDate to) {
        ModelProvider p = new ModelProvider();
        p.id = "p";
        p.kind = "openai-compatible";
        p.local = local;
        p.baaReference = baa;
        p.baaEffective = from;
        p.baaExpires = to;
        p.enabled = true;
        return p;
    }
}

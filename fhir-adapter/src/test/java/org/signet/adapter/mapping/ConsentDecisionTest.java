package org.signet.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ConsentDecisionTest {

    static Consent consent(Consent.ConsentProvisionType type) {
        Consent c = new Consent().setStatus(Consent.ConsentState.ACTIVE);
        c.getProvision().setType(type);
        return c;
    }

    @Test
    void aDenyForThePurposeOfUseDenies() {
        Consent c = consent(Consent.ConsentProvisionType.DENY);
        c.getProvision().addPurpose(new Coding(ConsentDecision.ACT_REASON, "TREAT", null));
        assertThat(ConsentDecision.denies(c, "TREAT", new Date())).isTrue();
        assertThat(ConsentDecision.denies(c, "HOPERAT", new Date())).isFalse();
    }

    @Test
    void aNestedDenyNamingADeviceActorDenies() {
        Consent c = consent(Consent.ConsentProvisionType.PERMIT);
        c.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY)
                .addActor().setReference(new Reference("Device/ai-scribe"));
        c.getProvision().getProvisionFirstRep().getActorFirstRep().getRole().setText("AI");
        assertThat(ConsentDecision.denies(c, "TREAT", new Date())).isTrue();
    }

    @Test
    void permitsExpiredDeniesAndInactiveConsentsDoNotDeny() {
        assertThat(ConsentDecision.denies(consent(Consent.ConsentProvisionType.PERMIT), "TREAT", new Date())).isFalse();
        Consent expired = consent(Consent.ConsentProvisionType.DENY);
        expired.getProvision().setPeriod(new Period().setEnd(new Date(0)));
        assertThat(ConsentDecision.denies(expired, "TREAT", new Date())).isFalse();
        Consent inactive = consent(Consent.ConsentProvisionType.DENY).setStatus(Consent.ConsentState.INACTIVE);
        assertThat(ConsentDecision.denies(inactive, "TREAT", new Date())).isFalse();
        assertThat(ConsentDecision.denies(consent(Consent.ConsentProvisionType.DENY), "TREAT", new Date()))
                .as("a blanket deny").isTrue();
    }
}

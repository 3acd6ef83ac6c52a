package org.signet.adapter.mapping;

import java.util.Date;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Whether an active FHIR {@code Consent} forbids AI drafting: a {@code deny} provision (the base one or a nested
 * one) in force now that names the purpose of use (HL7 v3 ActReason), names a {@code Device} as actor (an AI
 * device acting on the record), or restricts neither (a blanket deny).
 */
public final class ConsentDecision {

    public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    private ConsentDecision() {}

    public static boolean denies(Consent consent, String purposeOfUse, Date now) {
        if (consent.getStatus() != Consent.ConsentState.ACTIVE || !consent.hasProvision()) {
            return false;
        }
        return deniedBy(consent.getProvision(), purposeOfUse, now);
    }

    private static boolean deniedBy(Consent.ProvisionComponent provision, String purposeOfUse, Date now) {
        if (provision.getType() == Consent.ConsentProvisionType.DENY && inForce(provision.getPeriod(), now)) {
            boolean purposeMatches = provision.getPurpose().stream().anyMatch(c -> matches(c, purposeOfUse));
            boolean deviceActor = provision.getActor().stream()
                    .map(Consent.provisionActorComponent::getReference)
                    .anyMatch(ConsentDecision::isDevice);
            boolean blanket = provision.getPurpose().isEmpty() && provision.getActor().isEmpty()
                    && provision.getAction().isEmpty() && provision.getData().isEmpty()
                    && provision.getClass_().isEmpty() && provision.getCode().isEmpty();
            if (purposeMatches || deviceActor || blanket) {
                return true;
            }
        }
        return provision.getProvision().stream().anyMatch(p -> deniedBy(p, purposeOfUse, now));
    }

    private static boolean matches(Coding coding, String purposeOfUse) {
        return purposeOfUse.equals(coding.getCode()) && (!coding.hasSystem() || ACT_REASON.equals(coding.getSystem()));
    }

    private static boolean isDevice(Reference ref) {
        return ref != null && (ref.getReference() != null && ref.getReference().startsWith("Device/")
                || "Device".equals(ref.getType()));
    }

    private static boolean inForce(Period period, Date now) {
        return period == null || period.isEmpty()
                || (!period.hasStart() || !now.before(period.getStart())) && (!period.hasEnd() || now.before(period.getEnd()));
    }
}

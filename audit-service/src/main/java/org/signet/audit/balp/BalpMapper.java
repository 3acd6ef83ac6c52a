package org.signet.audit.balp;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.signet.audit.Actors;

/**
 * One stored Signet audit event as a FHIR R4 AuditEvent shaped by the IHE BALP pattern of its action
 * ({@link BalpPattern}). Successful events claim their BALP profile (BALP's RESTful patterns record successes);
 * refusals and failures keep the same shape with outcome 4 or 8 and claim none.
 *
 * <p>Agents: the server is the service that recorded the event, at its host; the client is the caller's OAuth client
 * at its address when the event was recorded while serving a request, otherwise the service itself (a job or a
 * consumed message acting on its own). A user is an agent of their own, the requestor. A model call's recipient is
 * the model provider at its endpoint's host.
 */
public final class BalpMapper {

    static final String SERVICE_SYSTEM = "urn:signet:service";
    static final String USER_SYSTEM = "urn:signet:user";
    static final String CLIENT_SYSTEM = "urn:signet:oauth-client";
    static final String PROVIDER_SYSTEM = "urn:signet:model-provider";
    static final String RESOURCE_SYSTEM = "urn:signet:resource";
    static final String PATIENT_TOKEN_SYSTEM = "urn:signet:patient-token";
    static final String ACTION_SYSTEM = "urn:signet:audit-action";
    static final String PURPOSE_SYSTEM = "urn:signet:purpose";
    static final String SEQ_SYSTEM = "urn:signet:audit-seq";

    private static final Set<String> FHIR_TYPES = FhirContext.forR4Cached().getResourceTypes();

    private BalpMapper() {}

    /**
     * @param seq             the event's link in the chain
     * @param event           the event as produced
     * @param resolvedPatient the EHR patient the trail links the event to (through its vault), or null
     */
    public static AuditEvent toFhir(long seq, org.signet.contracts.AuditEvent event, String resolvedPatient) {
        Map<String, String> details = event.details();
        BalpPattern pattern = BalpPattern.of(event.action(), details);
        boolean success = event.outcome() == org.signet.contracts.AuditEvent.Outcome.SUCCESS;
        String patient = resolvedPatient != null ? resolvedPatient : event.patientRef();

        AuditEvent audit = new AuditEvent();
        audit.setId(event.eventId().toString());
        String profile = pattern.profileUrl(patient != null);
        if (success && profile != null) {
            audit.getMeta().addProfile(profile);
        }
        audit.setType(pattern.type());
        if (pattern.subtype() != null) {
            audit.addSubtype(pattern.subtype());
        }
        audit.addSubtype(new Coding(ACTION_SYSTEM, event.action(), null));
        audit.setAction(pattern.action());
        audit.setRecorded(Date.from(event.occurredAt()));
        audit.setOutcome(switch (event.outcome()) {
            case SUCCESS -> AuditEventOutcome._0;
            case DENIED -> AuditEventOutcome._4;
            case FAILURE -> AuditEventOutcome._8;
        });
        if (!success) {
            audit.setOutcomeDesc(event.outcome() == org.signet.contracts.AuditEvent.Outcome.DENIED
                    ? "refused by policy" + reason(details) : "failed" + reason(details));
        }
        if (event.purpose() != null) {
            audit.addPurposeOfEvent(new CodeableConcept(new Coding(PURPOSE_SYSTEM, event.purpose(), null)));
        }

        String host = details.get("host");
        Identifier service = new Identifier().setSystem(SERVICE_SYSTEM).setValue(event.service());
        boolean byUser = Actors.isUser(event.actor());
        if (pattern == BalpPattern.PRIVACY_DISCLOSURE) {
            audit.addAgent(agent(pattern.clientType(), service, event.service(), host, false));
            audit.addAgent(agent(pattern.serverType(), new Identifier().setSystem(PROVIDER_SYSTEM)
                    .setValue(details.getOrDefault("provider", "unknown")), "model provider "
                    + details.getOrDefault("provider", "unknown"), details.get("endpointHost"), false));
        } else {
            String clientAddress = details.get("clientAddress");
            if (clientAddress != null) {
                String client = details.getOrDefault("client", event.actor());
                audit.addAgent(agent(pattern.clientType(), new Identifier().setSystem(CLIENT_SYSTEM).setValue(client),
                        client, clientAddress, !byUser));
            } else {
                // nobody called over the network: the service acted, on its own or for a user
                audit.addAgent(agent(pattern.clientType(), service, event.service(), host, !byUser));
            }
            audit.addAgent(agent(pattern.serverType(), service, event.service(), host, false));
        }
        if (byUser) {
            AuditEventAgentComponent user = new AuditEventAgentComponent();
            user.setType(new CodeableConcept(pattern.userType()));
            user.setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM)
                    .setValue(event.actor())));
            user.setRequestor(true);
            audit.addAgent(user);
        } else if (pattern == BalpPattern.PRIVACY_DISCLOSURE) {
            audit.getAgentFirstRep().setRequestor(true);
        }
        audit.getSource().setSite("Signet").setObserver(new Reference().setIdentifier(service.copy())
                .setDisplay(event.service()))
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4",
                        "Application Server"));

        if (pattern == BalpPattern.QUERY) {
            audit.addEntity(query(event, details));
        } else if (event.resource() != null) {
            audit.addEntity(data(pattern, event, details));
        }
        if (patient != null) {
            audit.addEntity(patient(patient));
        }
        audit.addEntity(new AuditEventEntityComponent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other"))
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(SEQ_SYSTEM)
                        .setValue(String.valueOf(seq))))
                .setDescription("link " + seq + " of Signet's audit chain"));
        return audit;
    }

    private static AuditEventAgentComponent agent(Coding type, Identifier who, String display, String address,
            boolean requestor) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent();
        agent.setType(new CodeableConcept(type));
        agent.setWho(new Reference().setIdentifier(who.copy()).setDisplay(display));
        agent.setRequestor(requestor);
        if (address != null) {
            agent.getNetwork().setAddress(address).setType(address.chars().anyMatch(Character::isLetter)
                    && !address.contains(":") ? AuditEventAgentNetworkType._1 : AuditEventAgentNetworkType._2);
        }
        return agent;
    }

    private static AuditEventEntityComponent data(BalpPattern pattern, org.signet.contracts.AuditEvent event,
            Map<String, String> details) {
        AuditEventEntityComponent data = new AuditEventEntityComponent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"))
                .setWhat(what(event.resource()));
        if (pattern == BalpPattern.PRIVACY_DISCLOSURE) {
            data.setDescription("the pseudonymized prompt: the transcript and the chart elements its purpose allows");
        }
        // ids, counts and codes only (the contract keeps PHI out of details); the network ones are agents already
        new TreeMap<>(details).forEach((key, value) -> {
            if (!Set.of("host", "clientAddress", "client").contains(key)) {
                data.addDetail().setType(key).setValue(new org.hl7.fhir.r4.model.StringType(value));
            }
        });
        return data;
    }

    private static AuditEventEntityComponent query(org.signet.contracts.AuditEvent event, Map<String, String> details) {
        String query = details.get("query");
        if (query == null) {
            StringBuilder filters = new StringBuilder();
            new TreeMap<>(details).forEach((key, value) -> {
                if (!Set.of("host", "clientAddress", "client").contains(key)) {
                    filters.append(filters.isEmpty() ? "" : "&").append(key).append('=').append(value);
                }
            });
            query = event.action() + "?" + filters;
        }
        return new AuditEventEntityComponent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"))
                .setQuery(query.getBytes(StandardCharsets.UTF_8))
                .setDescription(query);
    }

    private static AuditEventEntityComponent patient(String patient) {
        Reference what = patient.startsWith("Patient/") ? new Reference(patient)
                : new Reference().setType("Patient").setIdentifier(new Identifier().setSystem(PATIENT_TOKEN_SYSTEM)
                        .setValue(patient));
        return new AuditEventEntityComponent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"))
                .setWhat(what);
    }

    /** A FHIR resource by reference; Signet's own objects (vault/…, draft/…) by identifier. */
    private static Reference what(String resource) {
        int slash = resource.indexOf('/');
        String type = slash < 0 ? resource : resource.substring(0, slash);
        if (slash > 0 && FHIR_TYPES.contains(type)) {
            return new Reference(resource);
        }
        return new Reference().setIdentifier(new Identifier().setSystem(RESOURCE_SYSTEM).setValue(resource));
    }

    private static String reason(Map<String, String> details) {
        String reason = details.get("reason");
        return reason == null ? "" : ": " + reason;
    }
}

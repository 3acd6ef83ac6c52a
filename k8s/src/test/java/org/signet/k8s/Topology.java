package org.signet.k8s;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the manifests must say, written down once: the five services, their ports, who calls whom, which
 * destinations each may reach and which Secret belongs to whom. The rules compare the parsed manifests with this.
 */
final class Topology {

    static final String NAMESPACE = "signet";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    /** Names the destination class of an egress NetworkPolicy. */
    static final String EGRESS_TO = "signet.org/egress-to";

    static final String TOKENIZATION = "tokenization-service";
    static final String FHIR_ADAPTER = "fhir-adapter";
    static final String SCRIBE = "scribe-service";
    static final String SIGNOFF = "signoff-service";
    static final String AUDIT = "audit-service";
    static final List<String> SERVICES = List.of(TOKENIZATION, FHIR_ADAPTER, SCRIBE, SIGNOFF, AUDIT);

    /**
     * Services that run as exactly one pod, replaced (strategy Recreate) rather than rolled: audit-service's anomaly
     * windows must see every partition of audit.events, and its checkpoint witness lives on its own volume.
     */
    static final Set<String> SINGLE_INSTANCE = Set.of(AUDIT);
    /** The services an HPA scales. */
    static final List<String> SCALED = SERVICES.stream().filter(s -> !SINGLE_INSTANCE.contains(s)).toList();

    static final Map<String, Integer> PORTS = Map.of(TOKENIZATION, 8181, FHIR_ADAPTER, 8182, SCRIBE, 8183,
            SIGNOFF, 8184, AUDIT, 8186);

    /** HTTP calls between the services (caller → callees), as the services' rest clients make them. */
    static final Map<String, Set<String>> CALLS = Map.of(
            TOKENIZATION, Set.of(),
            FHIR_ADAPTER, Set.of(TOKENIZATION),
            SCRIBE, Set.of(TOKENIZATION, FHIR_ADAPTER),
            // signoff-service's admin console reaches fhir-adapter's purposes and consent with the admin's token, and
            // the auditor's page audit-service with the auditor's
            SIGNOFF, Set.of(TOKENIZATION, SCRIBE, FHIR_ADAPTER, AUDIT),
            AUDIT, Set.of());

    // destination classes of egress outside the namespace
    static final String DNS = "dns";
    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String KEYCLOAK = "keycloak";
    static final String EHR = "ehr";
    static final String MODELS = "model-endpoints";
    static final Set<String> EXTERNAL_CLASSES = Set.of(POSTGRES, KAFKA, KEYCLOAK, EHR, MODELS);

    /**
     * Every egress class each service may have, and no other. tokenization-service holds the vault: PostgreSQL,
     * Keycloak (discovery and JWKS, to verify bearer tokens) and Kafka (audit.events), never the EHR or a model.
     */
    static final Map<String, Set<String>> EGRESS = Map.of(
            TOKENIZATION, Set.of(DNS, POSTGRES, KAFKA, KEYCLOAK),
            FHIR_ADAPTER, Set.of(DNS, POSTGRES, KAFKA, KEYCLOAK, EHR, TOKENIZATION),
            SCRIBE, Set.of(DNS, POSTGRES, KAFKA, KEYCLOAK, MODELS, TOKENIZATION, FHIR_ADAPTER),
            SIGNOFF, Set.of(DNS, POSTGRES, KAFKA, KEYCLOAK, TOKENIZATION, SCRIBE, FHIR_ADAPTER, AUDIT),
            // the audit trail: its database, the topics, and Keycloak's keys to verify auditors' tokens
            AUDIT, Set.of(DNS, POSTGRES, KAFKA, KEYCLOAK));

    /** The only service that accepts traffic from outside the namespace (the ingress controller, for the UI). */
    static final String EXPOSED = SIGNOFF;

    /** Secrets the manifests may reference (created by hand, never committed), and the services that may use them. */
    static final Map<String, Set<String>> SECRET_USERS = Map.ofEntries(
            Map.entry("signet-postgres", Set.copyOf(SERVICES)),
            Map.entry("tokenization-kek", Set.of(TOKENIZATION)),
            Map.entry("fhir-adapter-ehr-client-key", Set.of(FHIR_ADAPTER)),
            Map.entry("fhir-adapter-oidc", Set.of(FHIR_ADAPTER)),
            Map.entry("scribe-service-oidc", Set.of(SCRIBE)),
            Map.entry("scribe-model-api-keys", Set.of(SCRIBE)),
            Map.entry("signoff-service-oidc", Set.of(SIGNOFF)),
            Map.entry("audit-checkpoint-key", Set.of(AUDIT)),
            // production: each service's own serving certificate for TLS inside the cluster
            Map.entry(TOKENIZATION + "-internal-tls", Set.of(TOKENIZATION)),
            Map.entry(FHIR_ADAPTER + "-internal-tls", Set.of(FHIR_ADAPTER)),
            Map.entry(SCRIBE + "-internal-tls", Set.of(SCRIBE)),
            Map.entry(SIGNOFF + "-internal-tls", Set.of(SIGNOFF)),
            Map.entry(AUDIT + "-internal-tls", Set.of(AUDIT)));

    /** TLS Secrets named by Ingresses. */
    static final Set<String> TLS_SECRETS = Set.of("signoff-service-tls");

    /** Configuration that tells a pod where the EHR is: only fhir-adapter may be given it. */
    static final String EHR_CONFIG_PREFIX = "SIGNET_ADAPTER_EHR_";

    private Topology() {}
}

package org.signet.services.app;

/** The Signet services, by Maven module, with the port each gets in the local stack. */
public enum SignetModule {
    TOKENIZATION("tokenization-service", 8181),
    FHIR_ADAPTER("fhir-adapter", 8182),
    SCRIBE("scribe-service", 8183),
    SIGNOFF("signoff-service", 8184),
    AUDIT("audit-service", 8186);

    private final String module;
    private final int localPort;

    SignetModule(String module, int localPort) {
        this.module = module;
        this.localPort = localPort;
    }

    /** Module folder, Keycloak client id and service-account name alike. */
    public String module() {
        return module;
    }

    public int localPort() {
        return localPort;
    }

    /** {@code SIGNET_PEERS_TOKENIZATION_SERVICE}: how every service is told where this one listens. */
    public String peerUrlVariable() {
        return "SIGNET_PEERS_" + module.toUpperCase().replace('-', '_');
    }
}

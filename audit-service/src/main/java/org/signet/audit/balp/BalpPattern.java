package org.signet.audit.balp;

import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Coding;

/**
 * The IHE Basic Audit Log Patterns (BALP 1.1) an audit event is exported as: which AuditEvent type, subtype and
 * action, how the client and server agents are typed, and the profile it claims (the Patient* variant when a
 * patient is known). {@link #ACTIVITY} is for what BALP has no pattern for (a PHI guard check, a verification): an
 * R4 AuditEvent that claims no profile.
 */
enum BalpPattern {

    // BALP's Read types its client as Destination and its server as Source Role ID, unlike its other RESTful
    // patterns; the profiles are followed as published.
    READ("Read", "PatientRead", rest("read"), AuditEventAction.R, dcm("110152", "Destination Role ID"),
            dcm("110153", "Source Role ID"), participation("IRCP", "information recipient")),
    QUERY("Query", "PatientQuery", rest("search-type"), AuditEventAction.E, dcm("110153", "Source Role ID"),
            dcm("110152", "Destination Role ID"), participation("IRCP", "information recipient")),
    CREATE("Create", "PatientCreate", rest("create"), AuditEventAction.C, dcm("110153", "Source Role ID"),
            dcm("110152", "Destination Role ID"), participation("AUT", "author (originator)")),
    UPDATE("Update", "PatientUpdate", rest("update"), AuditEventAction.U, dcm("110153", "Source Role ID"),
            dcm("110152", "Destination Role ID"), participation("AUT", "author (originator)")),
    DELETE("Delete", "PatientDelete", rest("delete"), AuditEventAction.D, dcm("110150", "Application"),
            new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "custodian",
                    "Custodian"), participation("AUT", "author (originator)")),
    /** A model call: the pseudonymized prompt left Signet for a model provider. */
    PRIVACY_DISCLOSURE("PrivacyDisclosure.Source", "PrivacyDisclosure.Source",
            new Coding("http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle", "disclose", "Disclose Record "
                    + "Lifecycle Event"), AuditEventAction.R, dcm("110153", "Source Role ID"),
            dcm("110152", "Destination Role ID"), participation("IRCP", "information recipient")),
    ACTIVITY(null, null, null, AuditEventAction.E, dcm("110153", "Source Role ID"),
            dcm("110152", "Destination Role ID"), participation("IRCP", "information recipient"));

    static final String PROFILE_BASE = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";

    /** Signet's audited actions by the BALP pattern each is an instance of; {@code ehr.read} depends on its detail. */
    private static final Map<String, BalpPattern> BY_ACTION = Map.ofEntries(
            Map.entry("vault.reidentify", READ),
            Map.entry("draft.read", READ),
            Map.entry("context.deliver", READ),
            Map.entry("consent.check", READ),
            Map.entry("consent.lookup", QUERY),
            Map.entry("audit.search", QUERY),
            Map.entry("audit.disclosure-report", QUERY),
            Map.entry("vault.create", CREATE),
            Map.entry("vault.tokenize", CREATE),
            Map.entry("vault.pseudonymize-fhir", CREATE),
            Map.entry("vault.pseudonymize-text", CREATE),
            Map.entry("vault.reader-add", UPDATE),
            Map.entry("ehr.write", CREATE),
            Map.entry("note.replace", CREATE),
            Map.entry("purpose.create", CREATE),
            Map.entry("provider.create", CREATE),
            Map.entry("consent.optout.record", CREATE),
            Map.entry("draft.edit", UPDATE),
            Map.entry("draft.sign", UPDATE),
            Map.entry("draft.reject", UPDATE),
            Map.entry("draft.expire", UPDATE),
            Map.entry("note.entered-in-error", UPDATE),
            Map.entry("purpose.update", UPDATE),
            Map.entry("purpose.deactivate", UPDATE),
            Map.entry("provider.update", UPDATE),
            Map.entry("vault.retention", UPDATE),
            Map.entry("consent.optout.revoke", UPDATE),
            Map.entry("kek.rewrap", UPDATE),
            Map.entry("vault.shred", DELETE),
            Map.entry("vault.shred-expired", DELETE),
            Map.entry("model.call", PRIVACY_DISCLOSURE));

    private final String profile;
    private final String patientProfile;
    private final Coding subtype;
    private final AuditEventAction action;
    private final Coding clientType;
    private final Coding serverType;
    private final Coding userType;

    BalpPattern(String profile, String patientProfile, Coding subtype, AuditEventAction action, Coding clientType,
            Coding serverType, Coding userType) {
        this.profile = profile;
        this.patientProfile = patientProfile;
        this.subtype = subtype;
        this.action = action;
        this.clientType = clientType;
        this.serverType = serverType;
        this.userType = userType;
    }

    static BalpPattern of(String action, Map<String, String> details) {
        if ("ehr.read".equals(action)) {
            return details.containsKey("query") ? QUERY : READ;
        }
        return BY_ACTION.getOrDefault(action, ACTIVITY);
    }

    /** The profile's canonical URL, the Patient* variant when a patient is named; null for {@link #ACTIVITY}. */
    String profileUrl(boolean withPatient) {
        String name = withPatient ? patientProfile : profile;
        return name == null ? null : PROFILE_BASE + name;
    }

    Coding type() {
        return switch (this) {
            case PRIVACY_DISCLOSURE -> dcm("110106", "Export");
            case ACTIVITY -> dcm("110100", "Application Activity");
            default -> new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                    "Restful Operation");
        };
    }

    Coding subtype() {
        return subtype == null ? null : subtype.copy();
    }

    AuditEventAction action() {
        return action;
    }

    Coding clientType() {
        return clientType.copy();
    }

    Coding serverType() {
        return serverType.copy();
    }

    Coding userType() {
        return userType.copy();
    }

    private static Coding rest(String interaction) {
        return new Coding("http://hl7.org/fhir/restful-interaction", interaction, interaction);
    }

    private static Coding dcm(String code, String display) {
        return new Coding("http://dicom.nema.org/resources/ontology/DCM", code, display);
    }

    private static Coding participation(String code, String display) {
        return new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code, display);
    }
}

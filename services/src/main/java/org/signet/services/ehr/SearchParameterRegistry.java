package org.signet.services.ehr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;

/**
 * The search parameters the sandbox supports, per resource type, with the R4 names and the elements each one reads.
 * Rules are data: the per-type {@code @Search} signatures in {@link ResourceProviders} must name exactly these
 * (a test holds them together), and conditional-create criteria are parsed against this table.
 */
public final class SearchParameterRegistry {

  /** How a parameter value is parsed and matched. */
  public enum Kind { TOKEN, REFERENCE, DATE }

  /**
   * One supported search parameter.
   *
   * @param targetType for REFERENCE parameters that only match one type (e.g. {@code patient}), that type, else null
   */
  public record Param(String name, Kind kind, Function<Resource, List<? extends Base>> values, String targetType) {}

  /** The resource types the sandbox serves, in CapabilityStatement order. */
  public static final List<String> SUPPORTED_TYPES = List.of(
      "Patient", "Practitioner", "Organization", "Encounter", "Condition", "MedicationRequest",
      "AllergyIntolerance", "Observation", "Procedure", "DocumentReference", "Provenance", "Consent", "Device",
      "AuditEvent");

  private static final Map<String, Map<String, Param>> PARAMS = build();

  private SearchParameterRegistry() {}

  public static boolean isSupportedType(String type) {
    return PARAMS.containsKey(type);
  }

  public static Map<String, Param> paramsFor(String type) {
    Map<String, Param> params = PARAMS.get(type);
    return params == null ? Map.of() : params;
  }

  public static Optional<Param> param(String type, String name) {
    return Optional.ofNullable(paramsFor(type).get(name));
  }

  private static Map<String, Map<String, Param>> build() {
    Map<String, Map<String, Param>> all = new LinkedHashMap<>();

    all.put("Patient", type(Patient.class)
        .token("identifier", Patient::getIdentifier)
        .done());
    all.put("Practitioner", type(Practitioner.class)
        .token("identifier", Practitioner::getIdentifier)
        .done());
    all.put("Organization", type(Organization.class)
        .token("identifier", Organization::getIdentifier)
        .done());
    all.put("Encounter", type(Encounter.class)
        .token("identifier", Encounter::getIdentifier)
        .reference("patient", e -> one(e.getSubject()), "Patient")
        .reference("subject", e -> one(e.getSubject()), null)
        .date("date", e -> one(e.getPeriod()))
        .token("status", e -> one(e.getStatusElement()))
        .token("type", Encounter::getType)
        .done());
    all.put("Condition", type(Condition.class)
        .token("identifier", Condition::getIdentifier)
        .reference("patient", c -> one(c.getSubject()), "Patient")
        .reference("subject", c -> one(c.getSubject()), null)
        .reference("encounter", c -> one(c.getEncounter()), "Encounter")
        .token("category", Condition::getCategory)
        .token("clinical-status", c -> one(c.getClinicalStatus()))
        .token("code", c -> one(c.getCode()))
        .date("onset-date", c -> one(c.hasOnsetDateTimeType() || c.hasOnsetPeriod() ? c.getOnset() : null))
        .date("recorded-date", c -> one(c.getRecordedDateElement()))
        .done());
    all.put("MedicationRequest", type(MedicationRequest.class)
        .token("identifier", MedicationRequest::getIdentifier)
        .reference("patient", m -> one(m.getSubject()), "Patient")
        .reference("subject", m -> one(m.getSubject()), null)
        .reference("encounter", m -> one(m.getEncounter()), "Encounter")
        .date("authoredon", m -> one(m.getAuthoredOnElement()))
        .token("status", m -> one(m.getStatusElement()))
        .token("intent", m -> one(m.getIntentElement()))
        .token("category", MedicationRequest::getCategory)
        .token("code", m -> one(m.hasMedicationCodeableConcept() ? m.getMedication() : null))
        .done());
    all.put("AllergyIntolerance", type(AllergyIntolerance.class)
        .token("identifier", AllergyIntolerance::getIdentifier)
        .reference("patient", a -> one(a.getPatient()), "Patient")
        .token("clinical-status", a -> one(a.getClinicalStatus()))
        .token("category", AllergyIntolerance::getCategory)
        .token("code", a -> one(a.getCode()))
        .date("date", a -> one(a.getRecordedDateElement()))
        .done());
    all.put("Observation", type(Observation.class)
        .token("identifier", Observation::getIdentifier)
        .reference("patient", o -> one(o.getSubject()), "Patient")
        .reference("subject", o -> one(o.getSubject()), null)
        .reference("encounter", o -> one(o.getEncounter()), "Encounter")
        .date("date", o -> one(o.getEffective()))
        .token("category", Observation::getCategory)
        .token("code", o -> one(o.getCode()))
        .token("status", o -> one(o.getStatusElement()))
        .done());
    all.put("Procedure", type(Procedure.class)
        .token("identifier", Procedure::getIdentifier)
        .reference("patient", p -> one(p.getSubject()), "Patient")
        .reference("subject", p -> one(p.getSubject()), null)
        .reference("encounter", p -> one(p.getEncounter()), "Encounter")
        .date("date", p -> one(p.hasPerformedDateTimeType() || p.hasPerformedPeriod() ? p.getPerformed() : null))
        .token("category", p -> one(p.getCategory()))
        .token("code", p -> one(p.getCode()))
        .token("status", p -> one(p.getStatusElement()))
        .done());
    all.put("DocumentReference", type(DocumentReference.class)
        .token("identifier", d -> concat(one(d.getMasterIdentifier()), d.getIdentifier()))
        .reference("patient", d -> one(d.getSubject()), "Patient")
        .reference("subject", d -> one(d.getSubject()), null)
        .reference("encounter", d -> d.getContext().getEncounter(), null)
        .date("date", d -> one(d.getDateElement()))
        .token("category", DocumentReference::getCategory)
        .token("type", d -> one(d.getType()))
        .token("status", d -> one(d.getStatusElement()))
        .done());
    all.put("Provenance", type(Provenance.class)
        .reference("patient", Provenance::getTarget, "Patient")
        .reference("target", Provenance::getTarget, null)
        .date("recorded", p -> one(p.getRecordedElement()))
        .done());
    all.put("Consent", type(Consent.class)
        .token("identifier", Consent::getIdentifier)
        .reference("patient", c -> one(c.getPatient()), "Patient")
        .token("status", c -> one(c.getStatusElement()))
        .token("category", Consent::getCategory)
        .date("date", c -> one(c.getDateTimeElement()))
        .done());
    all.put("Device", type(Device.class)
        .token("identifier", Device::getIdentifier)
        .reference("patient", d -> one(d.getPatient()), "Patient")
        .token("status", d -> one(d.getStatusElement()))
        .token("type", d -> one(d.getType()))
        .done());
    all.put("AuditEvent", type(AuditEvent.class)
        .reference("patient", AuditEventRefs::patientReferences, "Patient")
        .reference("entity", a -> a.getEntity().stream().map(AuditEvent.AuditEventEntityComponent::getWhat).toList(),
            null)
        .reference("agent", a -> a.getAgent().stream().map(AuditEvent.AuditEventAgentComponent::getWho).toList(),
            null)
        .date("date", a -> one(a.getRecordedElement()))
        .token("type", a -> one(a.getType()))
        .done());
    return Collections.unmodifiableMap(all);
  }

  /** AuditEvent.patient is "agent.who or entity.what, where it is a Patient"; the type filter happens in matching. */
  private static final class AuditEventRefs {
    static List<? extends Base> patientReferences(AuditEvent a) {
      List<Base> refs = new ArrayList<>();
      a.getAgent().forEach(agent -> refs.add(agent.getWho()));
      a.getEntity().forEach(entity -> refs.add(entity.getWhat()));
      return refs;
    }
  }

  private static List<Base> one(Base value) {
    return value == null || value.isEmpty() ? List.of() : List.of(value);
  }

  private static List<Base> concat(List<? extends Base> a, List<? extends Base> b) {
    List<Base> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static <T extends Resource> TypeBuilder<T> type(Class<T> type) {
    return new TypeBuilder<>(type);
  }

  private static final class TypeBuilder<T extends Resource> {
    private final Class<T> type;
    private final Map<String, Param> params = new LinkedHashMap<>();

    TypeBuilder(Class<T> type) {
      this.type = type;
      add("_id", Kind.TOKEN, r -> one(r.getIdElement().hasIdPart() ? new org.hl7.fhir.r4.model.IdType(
          r.getIdElement().getIdPart()) : null), null);
    }

    TypeBuilder<T> token(String name, Function<T, List<? extends Base>> values) {
      return add(name, Kind.TOKEN, values, null);
    }

    TypeBuilder<T> reference(String name, Function<T, List<? extends Base>> values, String targetType) {
      return add(name, Kind.REFERENCE, values, targetType);
    }

    TypeBuilder<T> date(String name, Function<T, List<? extends Base>> values) {
      return add(name, Kind.DATE, values, null);
    }

    private TypeBuilder<T> add(String name, Kind kind, Function<T, List<? extends Base>> values, String target) {
      params.put(name, new Param(name, kind, r -> values.apply(type.cast(r)), target));
      return this;
    }

    Map<String, Param> done() {
      return Collections.unmodifiableMap(params);
    }
  }
}

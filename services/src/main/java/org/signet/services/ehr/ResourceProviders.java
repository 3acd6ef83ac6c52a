package org.signet.services.ehr;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import java.util.List;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AuditEvent;
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

/**
 * One HAPI resource provider per served type. Read, create and update are generic ({@link StoreBackedProvider});
 * only the {@code @Search} signature differs per type, because HAPI derives the CapabilityStatement and its
 * unknown-parameter check from it. Each signature names exactly the parameters in {@link SearchParameterRegistry}.
 */
public final class ResourceProviders {

  private ResourceProviders() {}

  /** All providers, one per type in {@link SearchParameterRegistry#SUPPORTED_TYPES}. */
  public static List<StoreBackedProvider<?>> all(SandboxFhirService service) {
    return List.of(new PatientProvider(service),
        new PractitionerProvider(service),
        new OrganizationProvider(service),
        new EncounterProvider(service),
        new ConditionProvider(service),
        new MedicationRequestProvider(service),
        new AllergyIntoleranceProvider(service),
        new ObservationProvider(service),
        new ProcedureProvider(service),
        new DocumentReferenceProvider(service),
        new ProvenanceProvider(service),
        new ConsentProvider(service),
        new DeviceProvider(service),
        new AuditEventProvider(service));
  }

  /** {@code Patient} search. */
  public static final class PatientProvider extends StoreBackedProvider<Patient> {
    public PatientProvider(SandboxFhirService service) {
      super(service, Patient.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier), sort);
    }
  }

  /** {@code Practitioner} search. */
  public static final class PractitionerProvider extends StoreBackedProvider<Practitioner> {
    public PractitionerProvider(SandboxFhirService service) {
      super(service, Practitioner.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier), sort);
    }
  }

  /** {@code Organization} search. */
  public static final class OrganizationProvider extends StoreBackedProvider<Organization> {
    public OrganizationProvider(SandboxFhirService service) {
      super(service, Organization.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier), sort);
    }
  }

  /** {@code Encounter} search. */
  public static final class EncounterProvider extends StoreBackedProvider<Encounter> {
    public EncounterProvider(SandboxFhirService service) {
      super(service, Encounter.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "date") DateAndListParam date,
        @OptionalParam(name = "status") TokenAndListParam status,
        @OptionalParam(name = "type") TokenAndListParam typeParam,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("date", date)
          .and("status", status)
          .and("type", typeParam), sort);
    }
  }

  /** {@code Condition} search. */
  public static final class ConditionProvider extends StoreBackedProvider<Condition> {
    public ConditionProvider(SandboxFhirService service) {
      super(service, Condition.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "encounter", targetTypes = Encounter.class) ReferenceAndListParam encounter,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "clinical-status") TokenAndListParam clinicalStatus,
        @OptionalParam(name = "code") TokenAndListParam code,
        @OptionalParam(name = "onset-date") DateAndListParam onsetDate,
        @OptionalParam(name = "recorded-date") DateAndListParam recordedDate,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("encounter", encounter)
          .and("category", category)
          .and("clinical-status", clinicalStatus)
          .and("code", code)
          .and("onset-date", onsetDate)
          .and("recorded-date", recordedDate), sort);
    }
  }

  /** {@code MedicationRequest} search. */
  public static final class MedicationRequestProvider extends StoreBackedProvider<MedicationRequest> {
    public MedicationRequestProvider(SandboxFhirService service) {
      super(service, MedicationRequest.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "encounter", targetTypes = Encounter.class) ReferenceAndListParam encounter,
        @OptionalParam(name = "authoredon") DateAndListParam authoredon,
        @OptionalParam(name = "status") TokenAndListParam status,
        @OptionalParam(name = "intent") TokenAndListParam intent,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "code") TokenAndListParam code,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("encounter", encounter)
          .and("authoredon", authoredon)
          .and("status", status)
          .and("intent", intent)
          .and("category", category)
          .and("code", code), sort);
    }
  }

  /** {@code AllergyIntolerance} search. */
  public static final class AllergyIntoleranceProvider extends StoreBackedProvider<AllergyIntolerance> {
    public AllergyIntoleranceProvider(SandboxFhirService service) {
      super(service, AllergyIntolerance.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "clinical-status") TokenAndListParam clinicalStatus,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "code") TokenAndListParam code,
        @OptionalParam(name = "date") DateAndListParam date,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("clinical-status", clinicalStatus)
          .and("category", category)
          .and("code", code)
          .and("date", date), sort);
    }
  }

  /** {@code Observation} search. */
  public static final class ObservationProvider extends StoreBackedProvider<Observation> {
    public ObservationProvider(SandboxFhirService service) {
      super(service, Observation.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "encounter", targetTypes = Encounter.class) ReferenceAndListParam encounter,
        @OptionalParam(name = "date") DateAndListParam date,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "code") TokenAndListParam code,
        @OptionalParam(name = "status") TokenAndListParam status,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("encounter", encounter)
          .and("date", date)
          .and("category", category)
          .and("code", code)
          .and("status", status), sort);
    }
  }

  /** {@code Procedure} search. */
  public static final class ProcedureProvider extends StoreBackedProvider<Procedure> {
    public ProcedureProvider(SandboxFhirService service) {
      super(service, Procedure.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "encounter", targetTypes = Encounter.class) ReferenceAndListParam encounter,
        @OptionalParam(name = "date") DateAndListParam date,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "code") TokenAndListParam code,
        @OptionalParam(name = "status") TokenAndListParam status,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("encounter", encounter)
          .and("date", date)
          .and("category", category)
          .and("code", code)
          .and("status", status), sort);
    }
  }

  /** {@code DocumentReference} search. */
  public static final class DocumentReferenceProvider extends StoreBackedProvider<DocumentReference> {
    public DocumentReferenceProvider(SandboxFhirService service) {
      super(service, DocumentReference.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "subject") ReferenceAndListParam subject,
        @OptionalParam(name = "encounter") ReferenceAndListParam encounter,
        @OptionalParam(name = "date") DateAndListParam date,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "type") TokenAndListParam typeParam,
        @OptionalParam(name = "status") TokenAndListParam status,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("subject", subject)
          .and("encounter", encounter)
          .and("date", date)
          .and("category", category)
          .and("type", typeParam)
          .and("status", status), sort);
    }
  }

  /** {@code Provenance} search. */
  public static final class ProvenanceProvider extends StoreBackedProvider<Provenance> {
    public ProvenanceProvider(SandboxFhirService service) {
      super(service, Provenance.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "target") ReferenceAndListParam target,
        @OptionalParam(name = "recorded") DateAndListParam recorded,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("patient", patient)
          .and("target", target)
          .and("recorded", recorded), sort);
    }
  }

  /** {@code Consent} search. */
  public static final class ConsentProvider extends StoreBackedProvider<Consent> {
    public ConsentProvider(SandboxFhirService service) {
      super(service, Consent.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "status") TokenAndListParam status,
        @OptionalParam(name = "category") TokenAndListParam category,
        @OptionalParam(name = "date") DateAndListParam date,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("status", status)
          .and("category", category)
          .and("date", date), sort);
    }
  }

  /** {@code Device} search. */
  public static final class DeviceProvider extends StoreBackedProvider<Device> {
    public DeviceProvider(SandboxFhirService service) {
      super(service, Device.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "identifier") TokenAndListParam identifier,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "status") TokenAndListParam status,
        @OptionalParam(name = "type") TokenAndListParam typeParam,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("identifier", identifier)
          .and("patient", patient)
          .and("status", status)
          .and("type", typeParam), sort);
    }
  }

  /** {@code AuditEvent} search. */
  public static final class AuditEventProvider extends StoreBackedProvider<AuditEvent> {
    public AuditEventProvider(SandboxFhirService service) {
      super(service, AuditEvent.class);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "_id") TokenAndListParam id,
        @OptionalParam(name = "patient", targetTypes = Patient.class) ReferenceAndListParam patient,
        @OptionalParam(name = "entity") ReferenceAndListParam entity,
        @OptionalParam(name = "agent") ReferenceAndListParam agent,
        @OptionalParam(name = "date") DateAndListParam date,
        @OptionalParam(name = "type") TokenAndListParam typeParam,
        @Sort SortSpec sort) {
      return runSearch(criteria()
          .and("_id", id)
          .and("patient", patient)
          .and("entity", entity)
          .and("agent", agent)
          .and("date", date)
          .and("type", typeParam), sort);
    }
  }
}

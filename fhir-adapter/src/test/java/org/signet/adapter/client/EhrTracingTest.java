package org.signet.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/** An EHR span is named by verb and resource type; never by the rest of the URL (ids, a search naming a patient). */
class EhrTracingTest {

    private final EhrTracing tracing = new EhrTracing(OpenTelemetry.noop(), "http://ehr.example/fhir");

    @Test
    void theResourceTypeAloneNamesTheRequest() {
        assertEquals(" DocumentReference",
                tracing.resourceType("http://ehr.example/fhir/DocumentReference?identifier=urn:signet:draft|1"));
        assertEquals(" Patient", tracing.resourceType("http://ehr.example/fhir/Patient/123/_history/2"));
        assertEquals(" Consent", tracing.resourceType("http://ehr.example/fhir/Consent?patient=Patient/Smith-John"));
        assertEquals("", tracing.resourceType("http://ehr.example/fhir"), "a transaction at the base");
        assertEquals("", tracing.resourceType("http://ehr.example/fhir/"), "a transaction at the base");
        assertEquals("", tracing.resourceType("http://ehr.example/fhir/metadata"));
        assertEquals("", tracing.resourceType("http://ehr.example/fhir/_search?name=Smith"));
    }
}

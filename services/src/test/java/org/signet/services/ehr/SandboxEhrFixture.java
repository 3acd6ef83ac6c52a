package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared test setup: where the Synthea seed is, and a HAPI client for a running sandbox. */
final class SandboxEhrFixture {

  /** A patient of the seed with 170 Observations, 81 Encounters, 9 Conditions, 15 MedicationRequests. */
  static final String PATIENT = "1c5a49ea-fc04-456b-9d86-82d3e8f25ab1";
  /** The seed patient with the two (inactive) AllergyIntolerances. */
  static final String ALLERGIC_PATIENT = "4da5c8a3-847e-4fd8-a21f-f5ab37f6662b";

  private SandboxEhrFixture() {}

  static Path seedDir() {
    String configured = System.getProperty("signet.sandbox-ehr.seed-dir");
    Path dir = configured != null ? Path.of(configured) : SandboxEhrMain.defaultSeedDir();
    if (!Files.isDirectory(dir.resolve(SeedLoader.BUNDLE_DIR))) {
      throw new IllegalStateException("Synthea seed not found at " + dir.toAbsolutePath());
    }
    return dir;
  }

  static SandboxEhr.Options seeded() {
    return SandboxEhr.Options.defaults().withSeedDir(seedDir());
  }

  static IGenericClient client(SandboxEhr ehr) {
    FhirContext ctx = FhirContext.forR4Cached();
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return ctx.newRestfulGenericClient(ehr.fhirBaseUrl());
  }
}

package org.signet.services.ehr;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import org.hl7.fhir.r4.model.Bundle;

/** The HAPI door for {@code POST [base]} with a transaction Bundle. */
public final class TransactionProvider {

  private final SandboxFhirService service;

  public TransactionProvider(SandboxFhirService service) {
    this.service = service;
  }

  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle) {
    return service.transaction(bundle);
  }
}

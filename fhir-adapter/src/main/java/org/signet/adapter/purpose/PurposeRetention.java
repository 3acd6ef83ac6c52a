package org.signet.adapter.purpose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How long what a purpose's drafts leave behind is kept, where it differs from the services' defaults. Each part is
 * optional (null: the service's default).
 *
 * @param reviewDays days a draft may wait for review before it expires (signoff-service)
 * @param vaultDays  days a draft's vault is kept before it is crypto-shredded, from when it was opened
 *                   (tokenization-service); at least {@code reviewDays}, or the clinician could not read the draft
 * @param jobDays    days scribe-service keeps a finished draft job (its pseudonymized draft and steps)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurposeRetention(Integer reviewDays, Integer vaultDays, Integer jobDays) {}

package org.signet.tokenization.vault;

/**
 * A data key encrypted under a key-encryption key.
 *
 * @param kekId      which KEK (provider-specific id, including its version) wrapped it
 * @param ciphertext the wrapped key; meaningless without that KEK
 */
public record WrappedKey(String kekId, byte[] ciphertext) {}

package org.signet.tokenization.vault;

/**
 * Key-encryption keys. Data keys are only ever stored wrapped by one of these. A cloud KMS (AWS KMS, GCP KMS,
 * Azure Key Vault, HashiCorp Vault transit) implements the same three calls with its encrypt/decrypt API and
 * key versions, so it is a drop-in: nothing else in the service sees key material of the KEK.
 */
public interface KekProvider {

    /** The KEK new data keys are wrapped with, and that {@link #rewrap} moves keys to. */
    String activeKekId();

    WrappedKey wrap(byte[] dataKey);

    /** Unwraps with whichever KEK the key names; fails if that KEK is unknown or the ciphertext was altered. */
    byte[] unwrap(WrappedKey wrapped);

    /**
     * Whether this provider creates KEK versions itself ({@link #rotate()}); keys held elsewhere (a mounted secret,
     * a cloud KMS) rotate at their source.
     */
    default boolean rotatesItself() {
        return false;
    }

    /** Creates and activates a new KEK version; older versions stay available for unwrapping. */
    default void rotate() {
        throw new UnsupportedOperationException("KEK " + activeKekId() + " rotates at its source");
    }

    /** Re-wraps under the active KEK (rotation); the data key itself, and so every vault entry, is unchanged. */
    default WrappedKey rewrap(WrappedKey wrapped) {
        if (wrapped.kekId().equals(activeKekId())) {
            return wrapped;
        }
        byte[] dataKey = unwrap(wrapped);
        try {
            return wrap(dataKey);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }
}

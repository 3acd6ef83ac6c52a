package org.signet.tokenization.vault;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * KEKs held in memory, loaded from somewhere else: a key file directory for local runs, an environment variable
 * or mounted Kubernetes secret in production. The newest version is active; older ones stay to unwrap until
 * every data key has been re-wrapped.
 */
public class StaticKeysKekProvider implements KekProvider {

    private final String name;
    private volatile TreeMap<Integer, byte[]> keysByVersion;

    /** @param name prefix of the KEK ids, e.g. {@code local-file} → {@code local-file:v2} */
    public StaticKeysKekProvider(String name, Map<Integer, byte[]> keysByVersion) {
        this.name = name;
        replaceKeys(keysByVersion);
    }

    /** Swaps in a new set of versions (after a rotation); wraps under the newest from now on. */
    protected final void replaceKeys(Map<Integer, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key-encryption key configured for " + name);
        }
        keys.forEach((version, key) -> {
            if (key.length != AesGcm.KEY_BYTES) {
                throw new IllegalArgumentException("KEK " + name + " v" + version + " is not 32 bytes");
            }
        });
        this.keysByVersion = new TreeMap<>(keys);
    }

    protected final int newestVersion() {
        return keysByVersion.lastKey();
    }

    @Override
    public String activeKekId() {
        return kekId(keysByVersion.lastKey());
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        var newest = keysByVersion.lastEntry();
        String kekId = kekId(newest.getKey());
        return new WrappedKey(kekId, AesGcm.encrypt(newest.getValue(), dataKey, aad(kekId)));
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        byte[] kek = keysByVersion.get(version(wrapped.kekId()));
        if (kek == null) {
            throw new IllegalStateException("KEK " + wrapped.kekId() + " is not available to this service");
        }
        return AesGcm.decrypt(kek, wrapped.ciphertext(), aad(wrapped.kekId()));
    }

    private String kekId(int version) {
        return name + ":v" + version;
    }

    private int version(String kekId) {
        String prefix = name + ":v";
        if (!kekId.startsWith(prefix)) {
            throw new IllegalStateException("KEK " + kekId + " belongs to another provider than " + name);
        }
        return Integer.parseInt(kekId.substring(prefix.length()));
    }

    private static byte[] aad(String kekId) {
        return ("signet-kek|" + kekId).getBytes(StandardCharsets.UTF_8);
    }
}

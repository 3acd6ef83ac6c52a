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
    private final TreeMap<Integer, byte[]> keysByVersion;

    /** @param name prefix of the KEK ids, e.g. {@code local-file} → {@code local-file:v2} */
    public StaticKeysKekProvider(String name, Map<Integer, byte[]> keysByVersion) {
        if (keysByVersion.isEmpty()) {
            throw new IllegalArgumentException("no key-encryption key configured for " + name);
        }
        keysByVersion.forEach((version, key) -> {
            if (key.length != AesGcm.KEY_BYTES) {
                throw new IllegalArgumentException("KEK " + name + " v" + version + " is not 32 bytes");
            }
        });
        this.name = name;
        this.keysByVersion = new TreeMap<>(keysByVersion);
    }

    @Override
    public String activeKekId() {
        return kekId(keysByVersion.lastKey());
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        String kekId = activeKekId();
        return new WrappedKey(kekId, AesGcm.encrypt(keysByVersion.lastEntry().getValue(), dataKey, aad(kekId)));
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

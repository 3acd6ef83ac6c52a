package org.signet.tokenization.vault;

import java.util.List;
import java.util.UUID;

/** Opens {@link VaultSession}s: unwraps the data key and the date offset of a live vault. */
public final class VaultSessions {

    private VaultSessions() {}

    public static VaultSession open(Vault vault, KekProvider kek, List<VaultEntry> entries) {
        byte[] dataKey = kek.unwrap(vault.wrappedKey());
        int shift = VaultSession.decodeDateShift(AesGcm.decrypt(dataKey, vault.dateShift,
                VaultSession.dateShiftAssociatedData(vault.id)));
        return new VaultSession(vault.id, dataKey, shift, entries);
    }

    public static byte[] encryptDateShift(byte[] dataKey, UUID vaultId, int days) {
        return AesGcm.encrypt(dataKey, VaultSession.encodeDateShift(days), VaultSession.dateShiftAssociatedData(vaultId));
    }
}

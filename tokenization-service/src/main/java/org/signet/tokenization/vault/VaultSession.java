package org.signet.tokenization.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.signet.tokenization.pseudo.ChartEntry;
import org.signet.tokenization.pseudo.TokenIssuer;
import org.signet.tokenization.pseudo.Tokens;

/**
 * One request's view of an open vault: the unwrapped data key, the tokens it holds, and the entries this request
 * adds. Issues tokens (same original, same token) and decrypts originals for chart dictionaries and
 * re-identification. Lives in memory for one request only; {@link #close()} wipes the keys.
 */
public final class VaultSession implements TokenIssuer, AutoCloseable {

    private static final byte[] LOOKUP_KEY_LABEL = "signet-vault-lookup-hmac-v1".getBytes(StandardCharsets.UTF_8);

    private final UUID vaultId;
    private final byte[] dataKey;
    private final byte[] lookupKey;
    private final int dateShiftDays;
    private final Map<String, VaultEntry> entryByLookup = new HashMap<>();
    private final Map<String, VaultEntry> entryByToken = new HashMap<>();
    private final Map<String, Integer> countByType = new HashMap<>();
    private final List<VaultEntry> added = new ArrayList<>();

    VaultSession(UUID vaultId, byte[] dataKey, int dateShiftDays, List<VaultEntry> entries) {
        this.vaultId = vaultId;
        this.dataKey = dataKey;
        this.lookupKey = hmac(dataKey, LOOKUP_KEY_LABEL);
        this.dateShiftDays = dateShiftDays;
        entries.forEach(this::index);
    }

    @Override
    public String tokenFor(String tokenType, String original) {
        if (!Tokens.isValidType(tokenType)) {
            throw new IllegalArgumentException("bad token type " + tokenType);
        }
        byte[] lookup = lookupHmac(tokenType, original);
        VaultEntry existing = entryByLookup.get(HexFormat.of().formatHex(lookup));
        if (existing != null) {
            return existing.token;
        }
        int n = countByType.merge(tokenType, 1, Integer::sum);
        VaultEntry entry = new VaultEntry();
        entry.vaultId = vaultId;
        entry.token = Tokens.format(tokenType, n);
        entry.tokenType = tokenType;
        entry.phiType = Tokens.phiTypeOf(tokenType).name();
        entry.lookupHmac = lookup;
        entry.ciphertext = AesGcm.encrypt(dataKey, original.getBytes(StandardCharsets.UTF_8),
                entryAssociatedData(vaultId, entry.token));
        entry.createdAt = Instant.now();
        index(entry);
        added.add(entry);
        return entry.token;
    }

    @Override
    public int dateShiftDays() {
        return dateShiftDays;
    }

    /** The original behind {@code token}, if this vault issued it. Fails loudly on tampered ciphertext. */
    public Optional<String> originalOf(String token) {
        VaultEntry entry = entryByToken.get(token);
        return entry == null ? Optional.empty() : Optional.of(decrypt(entry));
    }

    /** Every original of the vault with its token type: the dictionary for free text and the PHI guard. */
    public List<ChartEntry> chart() {
        List<ChartEntry> chart = new ArrayList<>(entryByToken.size());
        for (VaultEntry entry : entryByToken.values()) {
            chart.add(new ChartEntry(entry.tokenType, Tokens.phiTypeOf(entry.tokenType), decrypt(entry)));
        }
        return chart;
    }

    /** Entries issued by this session, to persist in the same transaction. */
    public List<VaultEntry> added() {
        return List.copyOf(added);
    }

    public int size() {
        return entryByToken.size();
    }

    @Override
    public void close() {
        Arrays.fill(dataKey, (byte) 0);
        Arrays.fill(lookupKey, (byte) 0);
    }

    static byte[] entryAssociatedData(UUID vaultId, String token) {
        return ("signet-vault-entry|" + vaultId + "|" + token).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] dateShiftAssociatedData(UUID vaultId) {
        return ("signet-vault-date-shift|" + vaultId).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encodeDateShift(int days) {
        return ByteBuffer.allocate(4).putInt(days).array();
    }

    static int decodeDateShift(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt();
    }

    private String decrypt(VaultEntry entry) {
        return new String(AesGcm.decrypt(dataKey, entry.ciphertext, entryAssociatedData(vaultId, entry.token)),
                StandardCharsets.UTF_8);
    }

    private void index(VaultEntry entry) {
        entryByLookup.put(HexFormat.of().formatHex(entry.lookupHmac), entry);
        entryByToken.put(entry.token, entry);
        var token = Tokens.TOKEN.matcher(entry.token);
        if (token.matches()) {
            countByType.merge(entry.tokenType, Integer.parseInt(token.group(2)), Math::max);
        }
    }

    private byte[] lookupHmac(String tokenType, String original) {
        return hmac(lookupKey, (tokenType + "\u0000" + Tokens.normalise(tokenType, original))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

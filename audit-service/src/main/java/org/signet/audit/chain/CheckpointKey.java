package org.signet.audit.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Ed25519 key pair that signs checkpoints. It lives outside the database — a mounted secret
 * ({@code signet.audit.checkpoint.private-key}, PKCS#8, and {@code .public-key}, X.509, both base64) or, for a
 * local stack, a file generated at first start (mode 0600; the two on two lines) — so whoever can rewrite the
 * tables cannot sign a new chain head.
 */
@ApplicationScoped
public class CheckpointKey {

    private static final Logger LOG = Logger.getLogger(CheckpointKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public CheckpointKey(
            @ConfigProperty(name = "signet.audit.checkpoint.private-key") Optional<String> privateKeyBase64,
            @ConfigProperty(name = "signet.audit.checkpoint.public-key") Optional<String> publicKeyBase64,
            @ConfigProperty(name = "signet.audit.checkpoint.key-file") Path keyFile) {
        try {
            String[] pair = privateKeyBase64.filter(s -> !s.isBlank())
                    .map(secret -> new String[] {secret, publicKeyBase64.orElseThrow(() -> new IllegalStateException(
                            "signet.audit.checkpoint.private-key is set without signet.audit.checkpoint.public-key"))})
                    .orElseGet(() -> loadOrCreate(keyFile));
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            privateKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pair[0].strip())));
            publicKey = ed25519.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pair[1].strip())));
            if (!verifies(0, new byte[32], Instant.EPOCH, sign(0, new byte[32], Instant.EPOCH))) {
                throw new IllegalStateException("the checkpoint public key is not the private key's pair");
            }
            keyId = HexFormat.of().formatHex(CanonicalRecord.sha256().digest(publicKey.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the checkpoint key is not an Ed25519 PKCS#8 key", e);
        }
    }

    /** Short id of the public key (first 8 bytes of its SHA-256, hex), stored with each checkpoint. */
    public String keyId() {
        return keyId;
    }

    /** The public key, X.509 SubjectPublicKeyInfo in base64, for anyone who checks checkpoints on their own. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public byte[] sign(long seq, byte[] headHash, Instant signedAt) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(signedBytes(seq, headHash, signedAt));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public boolean verifies(long seq, byte[] headHash, Instant signedAt, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signedBytes(seq, headHash, signedAt));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** What a checkpoint's signature covers: a domain tag, the sequence number, the head hash and the time. */
    private static byte[] signedBytes(long seq, byte[] headHash, Instant signedAt) {
        byte[] tag = ("signet-audit-checkpoint/1|" + CanonicalRecord.instant(signedAt) + "|")
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(tag.length + 8 + headHash.length).put(tag).putLong(seq).put(headHash).array();
    }

    private static String[] loadOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                String[] lines = Files.readString(keyFile).strip().split("\\R");
                if (lines.length != 2) {
                    throw new IllegalStateException(keyFile + " must hold two lines: private key, public key");
                }
                return lines;
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String[] lines = {Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())};
            Path dir = Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path written;
            try {
                // owner-only from the moment it exists, never readable in between
                written = Files.createTempFile(dir, ".checkpoint-key", ".new", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                written = Files.createTempFile(dir, ".checkpoint-key", ".new");
                LOG.warnf("cannot restrict %s to its owner on this file system", keyFile);
            }
            try {
                Files.writeString(written, lines[0] + "\n" + lines[1] + "\n", StandardOpenOption.WRITE);
                // whole or not at all, and only if absent: replicas starting together end up with one key, the first
                Files.createLink(keyFile, written);
                LOG.infof("generated the audit checkpoint key %s", keyFile);
                return lines;
            } catch (FileAlreadyExistsException another) {
                return loadOrCreate(keyFile);
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit checkpoint key " + keyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }
}

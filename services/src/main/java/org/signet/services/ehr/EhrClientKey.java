package org.signet.services.ehr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.signet.services.process.BackingServiceException;

/**
 * The key pair fhir-adapter signs its SMART Backend Services client assertions with (RS384), generated at first
 * use with the JDK's keytool into a PKCS#12 file outside the repository (mode 0600). Keycloak's realm
 * {@code ehr} receives only the certificate.
 */
public final class EhrClientKey {

    public static final String ALIAS = "signet-fhir-adapter";
    public static final String CLIENT_ID = "signet-fhir-adapter";

    private final Path keyStore;
    private final String password;

    private EhrClientKey(Path keyStore, String password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    /** Loads {@code dir/ehr-client.p12}, generating it (and its password file) if missing. */
    public static synchronized EhrClientKey loadOrCreate(Path dir) {
        Path keyStore = dir.resolve("ehr-client.p12");
        Path passwordFile = dir.resolve("ehr-client.p12.password");
        try {
            if (!Files.exists(keyStore)) {
                Files.createDirectories(dir);
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                String password = HexFormat.of().formatHex(random);
                Files.deleteIfExists(passwordFile);
                Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(passwordFile, password);
                generate(keyStore, password);
                Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-------"));
            }
            return new EhrClientKey(keyStore, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new BackingServiceException("cannot create the EHR client key in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Path keyStore, String password) throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA384withRSA", "-dname", "CN=" + CLIENT_ID + ",O=Signet local",
                "-validity", "3650", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new BackingServiceException("keytool could not generate the EHR client key: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackingServiceException("interrupted while generating the EHR client key", e);
        }
    }

    public Path keyStore() {
        return keyStore;
    }

    public String password() {
        return password;
    }

    public PrivateKey privateKey() {
        try {
            return (PrivateKey) load().getKey(ALIAS, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new BackingServiceException("cannot read the EHR client key from " + keyStore, e);
        }
    }

    public X509Certificate certificate() {
        try {
            return (X509Certificate) load().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new BackingServiceException("cannot read the EHR client certificate from " + keyStore, e);
        }
    }

    /** The certificate as Keycloak's client attribute {@code jwt.credential.certificate} wants it. */
    public String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new BackingServiceException("cannot encode the EHR client certificate", e);
        }
    }

    private KeyStore load() throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}

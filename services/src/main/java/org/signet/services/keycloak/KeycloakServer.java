package org.signet.services.keycloak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.signet.services.process.BackingServiceException;
import org.signet.services.process.ManagedProcess;
import org.signet.services.process.Ports;
import org.signet.services.process.RunDirectory;

/**
 * A real Keycloak from the {@code keycloak-quarkus-dist} zip that Maven resolved: unpacked once into the cache,
 * started with {@code kc.sh start-dev --import-realm}, with the same build options every time so that only the
 * first start pays for Keycloak's build (later starts take seconds). Realms come from the repo's JSON files;
 * secrets and passwords are placeholders filled from the environment of this process, never committed.
 */
public final class KeycloakServer implements AutoCloseable {

    /** Realms imported at every start (resources under {@code /keycloak/}). */
    public static final List<String> REALM_FILES = List.of("signet-realm.json", "ehr-realm.json");
    public static final String SIGNET_REALM = "signet";
    /** The sandbox EHR's authorization server (SMART Backend Services). */
    public static final String EHR_REALM = "ehr";
    /** Services with a client-credentials account in realm {@value #SIGNET_REALM}. */
    public static final List<String> SERVICE_CLIENTS =
            List.of("tokenization-service", "fhir-adapter", "scribe-service", "signoff-service", "audit-service");
    /** Local development users; one password for all of them. */
    public static final List<String> CLINICIANS = List.of("dr.ada", "dr.ben");
    public static final String ADMIN = "ann.admin";
    public static final String AUDITOR = "aud.itor";
    /** Realm {@value #EHR_REALM}'s client for Signet as a SMART app (EHR launch, confidential, client secret). */
    public static final String SMART_CLIENT = "signet-smart";
    /** Where realm {@value #EHR_REALM} may send the SMART app's authorization codes: signoff's launch callback. */
    public static final String SMART_CALLBACK_PATH = "/launch/callback";
    /** {@link #clientSecrets()} key of {@value #SMART_CLIENT}'s secret in realm {@value #EHR_REALM}. */
    private static final String SMART_CLIENT_SECRET_KEY = "ehr:" + SMART_CLIENT;
    /** {@link #clientSecrets()} key of the secret the sandbox EHR signs SMART launch contexts with. */
    private static final String LAUNCH_SECRET_KEY = "ehr:launch-secret";
    /** {@link #clientSecrets()} key of the password of the master realm's bootstrap admin (tests link users with it). */
    private static final String ADMIN_PASSWORD_KEY = "master:admin";
    /** The master realm's bootstrap admin, for the admin REST API in local runs and tests. */
    public static final String BOOTSTRAP_ADMIN = "signet-bootstrap-admin";
    /** {@link #clientSecrets()} key of the private key signoff-service signs its user assertions with (PKCS#8). */
    private static final String ASSERTION_KEY_KEY = "signoff:assertion-key";
    /**
     * Realm {@value #SIGNET_REALM}'s identity provider for users who arrive by an EHR launch: signoff-service, having
     * checked the EHR's id_token, asserts "this EHR's user" (RFC 7523 JWT authorization grant) and Keycloak answers
     * with a token for the Signet user an admin linked to it, or "User not found".
     */
    public static final String EHR_LAUNCH_IDP = "ehr-launch";
    /** Keycloak features the realms need: signoff's user assertions (preview in Keycloak 26.5). */
    private static final String FEATURES = "jwt-authorization-grant";
    /** The SMART launch provider's file name in Keycloak's {@code providers/}. */
    private static final String PROVIDER_JAR = "signet-keycloak-smart-launch.jar";

    /** How to start it again after {@link #stop()}: the same command and environment, hence the same secrets. */
    private record Launch(List<String> command, Path workDir, Map<String, String> env, Path logFile) {}

    private final Launch launch;
    private volatile ManagedProcess process;
    private final int port;
    private final Map<String, String> clientSecrets;
    private final String userPassword;

    /** A handle on one started by another class loader of this JVM (Quarkus test restarts); it owns nothing. */
    public static KeycloakServer attach(int port, Map<String, String> clientSecrets, String userPassword) {
        return new KeycloakServer(null, null, port, Map.copyOf(clientSecrets), userPassword);
    }

    /** The clients' secrets of this start, the SMART launch secret included (local runs and tests only). */
    public Map<String, String> clientSecrets() {
        return clientSecrets;
    }

    private KeycloakServer(Launch launch, ManagedProcess process, int port, Map<String, String> clientSecrets,
            String userPassword) {
        this.launch = launch;
        this.process = process;
        this.port = port;
        this.clientSecrets = clientSecrets;
        this.userPassword = userPassword;
    }

    /**
     * What realm {@value #EHR_REALM} needs from the stack that starts it.
     *
     * @param clientCertificate base64 DER certificate it verifies fhir-adapter's client assertions with
     * @param signoffBaseUrl    where signoff-service answers; the SMART app's redirect URI is under it
     * @param fhirUsers         EHR user name → its FHIR user ({@code Practitioner/<id>}), the {@code fhirUser} claim
     * @param fhirBase          the run's EHR's FHIR base (the sandbox's, or the one {@code --ehr} names): the Signet
     *                          users of the same names are linked to {@code <fhirBase>#<fhirUser>}, the subject
     *                          signoff asserts after an EHR launch
     */
    public record EhrRealm(String clientCertificate, String signoffBaseUrl, Map<String, String> fhirUsers,
            String fhirBase) {
        public EhrRealm {
            fhirUsers = Map.copyOf(fhirUsers);
            if (!fhirUsers.keySet().equals(Set.copyOf(CLINICIANS))) {
                throw new IllegalArgumentException("realm ehr links exactly " + CLINICIANS + ", not " + fhirUsers.keySet());
            }
        }
    }

    /**
     * Starts Keycloak on {@code port} (0 = any free port). Client secrets are random per start; the users'
     * password is {@code userPassword}.
     */
    public static KeycloakServer start(RunDirectory run, int port, String userPassword, EhrRealm ehr) {
        int httpPort = Ports.claim(port, "Keycloak");
        int managementPort = Ports.free();
        Path home = installedHome();

        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String client : SERVICE_CLIENTS) {
            String secret = randomSecret();
            secrets.put(client, secret);
            env.put("SIGNET_SECRET_" + client.toUpperCase().replace('-', '_'), secret);
        }
        env.put("SIGNET_DEV_PASSWORD", userPassword);
        env.put("SIGNET_EHR_CLIENT_CERT", ehr.clientCertificate());
        String smartSecret = randomSecret();
        secrets.put(SMART_CLIENT_SECRET_KEY, smartSecret);
        env.put("SIGNET_SECRET_EHR_SIGNET_SMART", smartSecret);
        String launchSecret = randomSecret();
        secrets.put(LAUNCH_SECRET_KEY, launchSecret);
        env.put("SIGNET_EHR_LAUNCH_SECRET", launchSecret);
        env.put("SIGNET_SMART_REDIRECT_URI", ehr.signoffBaseUrl() + SMART_CALLBACK_PATH);
        // the web UI and admin console of this run's signoff-service, wherever a test started it
        env.put("SIGNET_SIGNOFF_UI_REDIRECT_URI", ehr.signoffBaseUrl() + "/*");
        ehr.fhirUsers().forEach((user, fhirUser) -> env.put(fhirUserVariable(user), fhirUser));
        env.put("SIGNET_EHR_FHIR_BASE", ehr.fhirBase());
        // the sandbox's patient picker for standalone launch, beside its FHIR base
        env.put("SIGNET_EHR_PICKER_URL", ehr.fhirBase().replaceFirst("/fhir$", "/ehr/pick"));
        KeyPair assertionKey = rsaKeyPair();
        secrets.put(ASSERTION_KEY_KEY, Base64.getEncoder().encodeToString(assertionKey.getPrivate().getEncoded()));
        env.put("SIGNET_SIGNOFF_ASSERTION_PUBLIC_KEY",
                Base64.getEncoder().encodeToString(assertionKey.getPublic().getEncoded()));
        // Each realm signs with a key of this start's (not one Keycloak makes in its in-memory database), so a
        // Keycloak started again after an outage signs as before and tokens issued before it stay valid.
        env.put("SIGNET_REALM_SIGNING_KEY", pkcs8(rsaKeyPair()));
        env.put("SIGNET_EHR_REALM_SIGNING_KEY", pkcs8(rsaKeyPair()));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        String adminPassword = randomSecret();
        secrets.put(ADMIN_PASSWORD_KEY, adminPassword);
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("JAVA_HOME", System.getProperty("java.home"));

        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--db=dev-mem", "--health-enabled=true", "--features=" + FEATURES, "--log-level=WARN,org.keycloak.services:INFO,io.quarkus:INFO");
        Path logFile = run.logFile("keycloak");

        // The first start, and the first after the SMART provider changed, builds Keycloak inside the cache; another
        // JVM starting it at the same time must wait.
        String built = "built by the first start-dev with features " + FEATURES + " and provider "
                + providerDigest(home) + "\n";
        boolean firstStart = !built.equals(readOrEmpty(home.resolve(".signet-built")));
        ManagedProcess process;
        try (FileLockHandle lock = firstStart ? FileLockHandle.acquire(home.resolveSibling(home.getFileName() + ".lock"))
                : FileLockHandle.none()) {
            process = ManagedProcess.start("keycloak", command, run.dir("keycloak"), env, logFile);
            process.awaitHttpOk(URI.create("http://127.0.0.1:" + httpPort + "/realms/" + SIGNET_REALM
                    + "/.well-known/openid-configuration"), Duration.ofSeconds(firstStart ? 240 : 120));
            if (firstStart) {
                Files.writeString(home.resolve(".signet-built"), built);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeycloakServer(new Launch(command, run.dir("keycloak"), Map.copyOf(env), logFile), process,
                httpPort, Map.copyOf(secrets), userPassword);
    }

    /** Stops Keycloak (an outage, for fault tests); {@link #startAgain()} brings it back with the same keys. */
    public void stop() {
        owned().stop(Duration.ofSeconds(20));
    }

    /** Starts Keycloak again after {@link #stop()}: same port, secrets, signing keys and users; waits until ready. */
    public void startAgain() {
        owned();
        process = ManagedProcess.start("keycloak", launch.command(), launch.workDir(), launch.env(), launch.logFile());
        process.awaitHttpOk(URI.create(baseUrl() + "/realms/" + SIGNET_REALM + "/.well-known/openid-configuration"),
                Duration.ofSeconds(120));
    }

    private ManagedProcess owned() {
        if (process == null) {
            throw new IllegalStateException("Keycloak was started by another class loader; only it may stop it");
        }
        return process;
    }

    private static String pkcs8(KeyPair key) {
        return Base64.getEncoder().encodeToString(key.getPrivate().getEncoded());
    }

    /** The unpacked distribution in the cache, with this repo's realm files in its import directory. */
    static Path installedHome() {
        Properties build = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/signet-services.properties")) {
            build.load(in);
        } catch (IOException | NullPointerException e) {
            throw new BackingServiceException("signet-services.properties is missing; rebuild the services module "
                    + "with `mvn -pl services install`.");
        }
        String version = build.getProperty("keycloak.version");
        Path zip = Path.of(build.getProperty("keycloak.dist.zip"));
        Path home = RunDirectory.cacheDir().resolve("keycloak-" + version);
        try {
            Files.createDirectories(home.getParent());
            try (FileLockHandle lock = FileLockHandle.acquire(home.resolveSibling(home.getFileName() + ".lock"))) {
                if (!Files.exists(home.resolve(".signet-unpacked"))) {
                    if (!Files.isRegularFile(zip)) {
                        throw new BackingServiceException("The Keycloak distribution " + zip + " is missing: run "
                                + "`mvn -pl services dependency:resolve` (or `bin/signet up`, which builds first).");
                    }
                    unpack(zip, home, "keycloak-" + version + "/");
                    Files.writeString(home.resolve(".signet-unpacked"), zip + "\n");
                }
                installProvider(build.getProperty("keycloak.provider.smart-launch"), home);
                Path importDir = Files.createDirectories(home.resolve("data/import"));
                for (String realm : REALM_FILES) {
                    try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/" + realm)) {
                        Files.copy(in, importDir.resolve(realm), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new BackingServiceException("cannot prepare Keycloak in " + home + ": " + e.getMessage(), e);
        }
        return home;
    }

    /** The environment variable realm {@value #EHR_REALM}'s JSON reads a clinician's {@code fhirUser} from. */
    static String fhirUserVariable(String user) {
        return "SIGNET_EHR_FHIRUSER_" + user.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Copies the SMART launch provider into {@code providers/} when it differs from the one there. Maven names the
     * module's jar, or its classes directory when a reactor build stopped before {@code package}: that is jarred.
     */
    private static void installProvider(String built, Path home) throws IOException {
        if (built == null || built.isBlank() || !Files.exists(Path.of(built))) {
            throw new BackingServiceException("The SMART launch provider (" + built + ") is missing: build it with "
                    + "`mvn -pl keycloak-smart-launch,services install`.");
        }
        byte[] jar = Files.isDirectory(Path.of(built)) ? jarOf(Path.of(built)) : Files.readAllBytes(Path.of(built));
        Path target = Files.createDirectories(home.resolve("providers")).resolve(PROVIDER_JAR);
        if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), jar)) {
            Files.write(target, jar);
        }
    }

    private static byte[] jarOf(Path classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                ZipEntry entry = new ZipEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0); // the same classes make the same jar, so the provider is not rebuilt for nothing
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** SHA-256 of the installed provider jar, so a changed provider counts as a first start. */
    private static String providerDigest(Path home) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(home.resolve("providers").resolve(PROVIDER_JAR)));
            return HexFormat.of().formatHex(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void unpack(Path zip, Path home, String prefix) throws IOException {
        Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length())
                        : entry.getName();
                Path target = staging.resolve(name).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    if (name.startsWith("bin/") && name.endsWith(".sh")) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        if (Files.exists(home)) {
            throw new IOException(home + " exists but was not fully unpacked; delete it and start again");
        }
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA", e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer URL of a realm, e.g. the value of {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The secret of realm {@value #EHR_REALM}'s SMART client {@value #SMART_CLIENT} (local runs and tests). */
    public String smartClientSecret() {
        return clientSecrets.get(SMART_CLIENT_SECRET_KEY);
    }

    /**
     * The private key (PKCS#8, base64) signoff-service signs its EHR-launch user assertions with; identity provider
     * {@value #EHR_LAUNCH_IDP} of realm {@value #SIGNET_REALM} holds the public half (local runs and tests).
     */
    public String signoffAssertionKey() {
        return clientSecrets.get(ASSERTION_KEY_KEY);
    }

    /** The HS256 secret the sandbox EHR signs SMART launch contexts with, as realm {@value #EHR_REALM} checks them. */
    public String launchSecret() {
        return clientSecrets.get(LAUNCH_SECRET_KEY);
    }

    /** The master realm's bootstrap admin password of this start ({@value #BOOTSTRAP_ADMIN}; local runs and tests). */
    public String adminPassword() {
        return clientSecrets.get(ADMIN_PASSWORD_KEY);
    }

    public String clientSecret(String serviceClient) {
        String secret = clientSecrets.get(serviceClient);
        if (secret == null) {
            throw new IllegalArgumentException("no service client " + serviceClient);
        }
        return secret;
    }

    public String userPassword() {
        return userPassword;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.stop(Duration.ofSeconds(20));
    }

    /** An exclusive lock on a file, for work in the shared cache that two JVMs must not do at once. */
    private record FileLockHandle(FileChannel channel, FileLock lock) implements AutoCloseable {
        static FileLockHandle acquire(Path file) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new FileLockHandle(channel, channel.lock());
        }

        static FileLockHandle none() {
            return new FileLockHandle(null, null);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                lock.release();
                channel.close();
            }
        }
    }
}

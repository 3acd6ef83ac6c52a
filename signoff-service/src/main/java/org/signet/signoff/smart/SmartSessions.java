package org.signet.signoff.smart;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The front door's launch state in PostgreSQL (schema {@code signoff}): authorizations in flight, keyed by their
 * state, and signed-in browsers, keyed by their cookie. Only SHA-256 hashes of the state and of the cookie are
 * stored, so the table alone lets nobody finish a launch or take over a session.
 */
@ApplicationScoped
public class SmartSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An authorization in flight. */
    public record PendingLaunch(String ehr, String iss, String nonce, String codeVerifier, Instant createdAt) {}

    /** A signed-in browser's session: who, from which EHR, and the launch context. */
    public record Session(String username, String fhirUser, String ehr, String iss, String patient, String encounter,
            Instant expiresAt) {

        /** The subject signoff asserts to Keycloak for this session's user. */
        public String subject() {
            return SignetUserTokens.subject(iss, fhirUser);
        }
    }

    private final Pool db;
    private final SmartConfig config;

    public SmartSessions(Pool db, SmartConfig config) {
        this.db = db;
        this.config = config;
    }

    /** A new random value for a state, nonce, PKCE verifier or session id (256 bits, base64url). */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Uni<Void> savePending(String state, PendingLaunch launch) {
        return db.preparedQuery("INSERT INTO signoff.smart_pending_launch (state_hash, ehr, iss, nonce, code_verifier, "
                        + "created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(hash(state), launch.ehr(), launch.iss(), launch.nonce(), launch.codeVerifier(),
                        utc(launch.createdAt())))
                .replaceWithVoid();
    }

    /** Takes the authorization whose state this is, once: a second callback with the same state finds nothing. */
    public Uni<Optional<PendingLaunch>> takePending(String state) {
        return db.preparedQuery("DELETE FROM signoff.smart_pending_launch WHERE state_hash = $1 "
                        + "RETURNING ehr, iss, nonce, code_verifier, created_at")
                .execute(Tuple.of(hash(state)))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<PendingLaunch>empty();
                    }
                    Row row = it.next();
                    Instant created = row.getOffsetDateTime("created_at").toInstant();
                    if (created.plus(config.launchLifetime()).isBefore(Instant.now())) {
                        return Optional.<PendingLaunch>empty();
                    }
                    return Optional.of(new PendingLaunch(row.getString("ehr"), row.getString("iss"),
                            row.getString("nonce"), row.getString("code_verifier"), created));
                });
    }

    /** Stores a new session and returns the cookie value that names it. */
    public Uni<String> open(Session session) {
        String id = random();
        return db.preparedQuery("INSERT INTO signoff.smart_session (id_hash, username, fhir_user, ehr, iss, patient, "
                        + "encounter, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(Arrays.asList(hash(id), session.username(), session.fhirUser(), session.ehr(),
                        session.iss(), session.patient(), session.encounter(), utc(Instant.now()),
                        utc(session.expiresAt()))))
                .replaceWith(id);
    }

    /** The live session named by a cookie value, if any. */
    public Uni<Optional<Session>> find(String cookie) {
        return db.preparedQuery("SELECT username, fhir_user, ehr, iss, patient, encounter, expires_at "
                        + "FROM signoff.smart_session WHERE id_hash = $1 AND expires_at > now()")
                .execute(Tuple.of(hash(cookie)))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new Session(row.getString("username"), row.getString("fhir_user"),
                            row.getString("ehr"), row.getString("iss"), row.getString("patient"),
                            row.getString("encounter"), row.getOffsetDateTime("expires_at").toInstant()));
                });
    }

    /** Ends the session named by a cookie value; true when there was one. */
    public Uni<Boolean> close(String cookie) {
        return db.preparedQuery("DELETE FROM signoff.smart_session WHERE id_hash = $1")
                .execute(Tuple.of(hash(cookie))).map(rows -> rows.rowCount() > 0);
    }

    /** Expired sessions and abandoned authorizations are deleted, not merely ignored. */
    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        OffsetDateTime abandoned = utc(Instant.now().minus(config.launchLifetime()));
        return db.preparedQuery("DELETE FROM signoff.smart_session WHERE expires_at <= now()").execute()
                .chain(() -> db.preparedQuery("DELETE FROM signoff.smart_pending_launch WHERE created_at < $1")
                        .execute(Tuple.of(abandoned)))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

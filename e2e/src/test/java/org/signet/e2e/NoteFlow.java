package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.CanaryChart;

/**
 * A clinician's note from request to filing, as the fault tests drive it, and what they count on the way: a job's
 * state where scribe-service keeps it, queue items, and the notes the EHR holds for a patient.
 */
final class NoteFlow {

    static final Duration SETTLED = Duration.ofMinutes(3);
    static final String CLINICIAN = "dr.ada";
    static final Set<String> ENDED = Set.of("READY", "REFUSED_CONSENT", "REFUSED_PROVIDER", "REFUSED_GUARD",
            "FAILED_OUTPUT_CHECK", "FAILED_MODEL", "FAILED");
    static final String TRANSCRIPT = """
            Doctor: Good morning, what brings you in?
            Patient: I have had headaches for two weeks and my blood pressure was high at home.
            Doctor: On exam the lungs are clear and the heart sounds normal.
            Doctor: We will start lisinopril 10 mg daily and follow up in two weeks.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final SignetClient signet;

    NoteFlow() {
        this.signet = new SignetClient(BackingServices.peerUrl(SignetModule.SIGNOFF),
                BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM));
    }

    String clinicianToken() throws IOException, InterruptedException {
        return signet.userToken(CLINICIAN, BackingServices.TEST_USER_PASSWORD);
    }

    String adminToken() throws IOException, InterruptedException {
        return signet.userToken(KeycloakServer.ADMIN, BackingServices.TEST_USER_PASSWORD);
    }

    /** Asks for a draft (extractive provider); answers the job id. */
    String request(String token, CanaryChart chart) {
        return request(token, chart, "extractive");
    }

    String request(String token, CanaryChart chart, String provider) {
        try {
            return signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                    provider, TRANSCRIPT);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A draft made and queued for review; answers its id. */
    String toReview(String token, CanaryChart chart) throws Exception {
        String job = request(token, chart);
        assertEquals("READY", awaitEnded(job), reason(job));
        signet.awaitQueueState(token, job, Set.of("PENDING_REVIEW"), SETTLED);
        return job;
    }

    /** The draft read and its omission prompts answered, ready to sign. */
    SignetClient.Draft reviewed(String token, String draftId) throws Exception {
        return signet.answerOmissions(token, signet.readDraft(token, draftId), "not-relevant", new ArrayList<>());
    }

    /** A clinician asking again after an error answer, as one would: the job id of the request that was taken. */
    String requestUntilAccepted(String token, CanaryChart chart) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        while (true) {
            try {
                return signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3",
                        "extractive", TRANSCRIPT);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** Signs, again after an error answer; done once the queue says it is signed (or further along). */
    Void signUntilAnswered(String token, SignetClient.Draft draft) throws Exception {
        String draftId = draft.body().path("draftId").asText();
        Instant deadline = Instant.now().plus(SETTLED);
        while (true) {
            try {
                signet.sign(token, draft);
                return null;
            } catch (IOException e) {
                JsonNode entry = queueEntryOrNull(token, draftId);
                if (entry != null && Set.of("SIGNED", "FILED", "FILING_FAILED").contains(entry.path("state").asText())) {
                    return null; // the signature took; only its answer was lost
                }
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    JsonNode queueEntryOrNull(String token, String draftId) {
        try {
            return signet.queueEntry(token, draftId);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** A call a clinician's browser would repeat after a dropped connection or a 5xx, until {@link #SETTLED}. */
    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T throughFaults(Call<T> call) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        while (true) {
            try {
                return call.call();
            } catch (IOException e) {
                boolean refusedForGood = e instanceof SignetClient.ApiException api && api.status() < 500
                        && api.status() != 429;
                if (refusedForGood || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The job's state once it ended, read where scribe-service keeps it (the database may be restarting). */
    static String awaitEnded(String job) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED);
        String state = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                state = column(job, "state");
                if (ENDED.contains(state)) {
                    return state;
                }
            } catch (SQLException databaseRestarting) {
                // read again
            }
            Thread.sleep(250);
        }
        throw new AssertionError("draft job " + job + " still " + state + " after " + SETTLED.toSeconds() + " s");
    }

    static String reason(String job) throws Exception {
        String reason = column(job, "reason");
        return reason == null ? "" : reason;
    }

    static String column(String job, String column) throws SQLException {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(
                "select " + column + " from scribe.draft_job where id = ?")) {
            select.setObject(1, UUID.fromString(job));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** How many queue items signoff-service holds for the draft. */
    static int queued(String draftId) throws SQLException {
        return count("select count(*) from signoff.queue_item where draft_id = ?", draftId);
    }

    static int count(String sql, String id) throws SQLException {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    /** How many notes the EHR holds for the patient (each canary patient has only Signet's). */
    static int documentsOf(String patient) throws Exception {
        String token = new SmartBackendServicesClient(BackingServices.sandboxEhr().fhirBaseUrl(), EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey()).accessToken("system/DocumentReference.rs");
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(BackingServices.sandboxEhr()
                .fhirBaseUrl() + "/DocumentReference?patient=" + patient)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, found.statusCode(), found.body());
        JsonNode bundle = JSON.readTree(found.body());
        return bundle.path("entry").size();
    }
}

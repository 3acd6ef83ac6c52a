package org.signet.signoff.queue;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.signet.contracts.DraftEvidence;
import org.signet.contracts.DraftReady;
import org.signet.evidence.EncounterFacts;
import org.signet.evidence.EvidenceAligner;
import org.signet.evidence.TranscriptUnits;
import org.signet.contracts.Topics;
import org.signet.services.app.SignetModule;
import org.signet.services.postgres.PostgresServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.KeycloakTokens;
import org.signet.services.testing.SchemaRows;

/** What scribe-service would do before a draft reaches the queue, done for real against tokenization-service. */
public final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Fixtures() {}

    /** A synthetic patient whose names are unique strings: finding one anywhere at rest is a leak. */
    public record Canary(String given, String family) {
        static Canary fresh() {
            StringBuilder tag = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                tag.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
            }
            return new Canary("Canarygiven" + tag, "Canaryfamily" + tag);
        }

        List<String> all() {
            return List.of(given, family);
        }
    }

    /** A queued draft: ids, and the pseudonymized text as published. */
    public record Draft(UUID id, UUID vault, String pseudonymizedText, String patientDisplayToken, Canary canary,
            DraftReady event) {}

    static String tokenization() {
        return BackingServices.peerUrl(SignetModule.TOKENIZATION);
    }

    static final String SOAP_NOTE = """
            Subjective: Mrs. %1$s %2$s reports headaches for two weeks and high blood pressure at home.
            Objective: Lungs clear, heart sounds normal.
            Assessment: Likely uncontrolled hypertension.
            Plan: Start lisinopril 10 mg daily; follow up in two weeks.""";

    /** A vault owned by {@code owner} holding the canary's name, and a draft written with tokens, on drafts.ready. */
    public static Draft publishDraft(String owner) {
        return publishDraft(owner, SOAP_NOTE);
    }

    /**
     * As {@link #publishDraft(String)}, with the note's plain text given as a format: {@code %1$s} the canary's given
     * name, {@code %2$s} the family name.
     */
    public static Draft publishDraft(String owner, String noteFormat) {
        return publishDraft(owner, noteFormat, null);
    }

    /** @param reviewDays the review period the draft's purpose sets, or null for the queue's default */
    public static Draft publishDraft(String owner, String noteFormat, Integer reviewDays) {
        return publishDraft(owner, noteFormat, reviewDays, null, List.of());
    }

    /** The banner a draft with evidence carries: birth date, MRN (prefix and the canary's family name), encounter date. */
    public static final String BIRTH_DATE = "1961-04-12";
    public static final String MRN_PREFIX = "MRN-";
    public static final String ENCOUNTER_DATE = "2026-12-01";

    /** The visit of {@link #SOAP_NOTE}, as a transcript: {@code %1$s} the canary's given name, {@code %2$s} the family. */
    static final String VISIT = """
            Clinician: Good morning Mrs. %2$s.
            Patient: I have had headaches for two weeks and high blood pressure at home.
            Patient: I take ibuprofen 400 mg for the headaches.
            Clinician: Any chest pain?
            Patient: No.
            Clinician: Your lungs are clear and your heart sounds normal.
            Clinician: We'll start lisinopril 10 mg daily and follow up in two weeks.""";

    /**
     * As {@link #publishDraft(String)}, with evidence as scribe-service sends it: the visit pseudonymized into the
     * draft's vault, a chart of hypertension and metformin, each sentence aligned and the encounter's facts. The
     * note leaves out metformin (chart) and ibuprofen (transcript); the denied chest pain is no omission.
     */
    public static Draft publishDraftWithEvidence(String owner) {
        return publishDraft(owner, SOAP_NOTE, null, VISIT, List.of(
                new DraftEvidence.ChartItem("problem:Condition/htn-1", "problem", "Condition", "htn-1", "code",
                        "Hypertension (since 3 years before this encounter)", "Hypertension",
                        "http://snomed.info/sct|38341003"),
                new DraftEvidence.ChartItem("medication:MedicationRequest/met-1", "medication", "MedicationRequest",
                        "met-1", "medication", "Metformin 500 MG Oral Tablet", "Metformin 500 MG Oral Tablet",
                        "http://www.nlm.nih.gov/research/umls/rxnorm|861007")));
    }

    /**
     * @param visitFormat the transcript as a format (like the note's), or null to send no evidence
     * @param chart       the chart items of the evidence
     */
    public static Draft publishDraft(String owner, String noteFormat, Integer reviewDays, String visitFormat,
            List<DraftEvidence.ChartItem> chart) {
        Canary canary = Canary.fresh();
        String ownerSub = KeycloakTokens.subject(owner);
        String scribe = KeycloakTokens.service("scribe-service");
        UUID vault = UUID.fromString(given().auth().oauth2(scribe).contentType(ContentType.JSON)
                .body(Map.of("patientRef", "Patient/canary-" + canary.family().toLowerCase(), "owner", ownerSub))
                .post(tokenization() + "/v1/vaults").then().statusCode(201).extract().path("id"));
        // as scribe-service does: the chart's Patient first, so its names are the vault's dictionary
        given().auth().oauth2(scribe).contentType("application/fhir+json").accept("application/fhir+json")
                .body("{\"resourceType\":\"Patient\",\"id\":\"canary\",\"name\":[{\"family\":\""
                        + canary.family() + "\",\"given\":[\"" + canary.given() + "\"]}]}")
                .post(tokenization() + "/v1/vaults/" + vault + "/fhir").then().statusCode(200);
        String display = pseudonymize(scribe, vault, "Mrs. " + canary.given() + " " + canary.family());
        String text = pseudonymize(scribe, vault, noteFormat.formatted(canary.given(), canary.family()));
        for (String c : canary.all()) {
            if (text.contains(c) || display.contains(c)) {
                throw new AssertionError("tokenization-service did not pseudonymize the canary in the fixture: "
                        + display + " / " + text);
            }
        }
        String displayToken = display.replace("Mrs. ", "").trim();
        DraftEvidence evidence = null;
        DraftReady.PatientBanner banner = null;
        if (visitFormat != null) {
            // as scribe-service does: the banner's identifiers tokenized into the draft's vault
            List<String> tokens = given().auth().oauth2(scribe).contentType(ContentType.JSON)
                    .body(Map.of("values", List.of(Map.of("type", "BIRTH_DATE", "value", BIRTH_DATE),
                            Map.of("type", "MRN", "value", MRN_PREFIX + canary.family()),
                            Map.of("type", "ENCOUNTER_DATE", "value", ENCOUNTER_DATE))))
                    .post(tokenization() + "/v1/vaults/" + vault + "/tokens").then().statusCode(200)
                    .extract().path("tokens");
            banner = new DraftReady.PatientBanner(tokens.get(0), tokens.get(1), tokens.get(2), "Office visit");
            String transcript = pseudonymize(scribe, vault, visitFormat.formatted(canary.given(), canary.family()));
            List<String> headings = List.of("Subjective", "Objective", "Assessment", "Plan");
            var units = TranscriptUnits.of(transcript);
            evidence = new DraftEvidence(transcript, chart, new EvidenceAligner(transcript, units, chart)
                    .align(text, headings), EncounterFacts.of(transcript, units, chart), headings);
        }
        DraftReady event = new DraftReady(DraftReady.SCHEMA_VERSION, UUID.randomUUID(), vault, ownerSub,
                "[[PATIENT_REF_1]]", displayToken, "[[ENCOUNTER_REF_1]]", "11506-3", "progress-note", 3,
                new DraftReady.ModelLineage("extractive", "signet-structured", "2", "progress-note-soap", 2, false),
                text, Instant.now(), reviewDays, evidence, banner);
        publish(Topics.DRAFTS_READY, event.draftId().toString(), event);
        return new Draft(event.draftId(), vault, text, displayToken, canary, event);
    }

    static String pseudonymize(String serviceToken, UUID vault, String text) {
        return given().auth().oauth2(serviceToken).contentType(ContentType.JSON).body(Map.of("text", text))
                .post(tokenization() + "/v1/vaults/" + vault + "/text").then().statusCode(200).extract().path("text");
    }

    public static void publish(String topic, String key, Object event) {
        try {
            publishRaw(topic, key, JSON.writeValueAsString(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void publishRaw(String topic, String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BackingServices.kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    public static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The draft's state in {@code user}'s queue, or null when it is not there. */
    static String stateInQueue(String user, UUID draft) {
        List<Map<String, Object>> queue = given().auth().oauth2(KeycloakTokens.user(user)).get("/v1/queue")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return queue.stream().filter(e -> draft.toString().equals(e.get("draftId")))
                .map(e -> (String) e.get("state")).findFirst().orElse(null);
    }

    public static void awaitState(String user, UUID draft, String state) {
        await(draft + " in state " + state, () -> state.equals(stateInQueue(user, draft)));
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(BackingServices.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    static String column(UUID draft, String column) throws Exception {
        try (Connection db = db(); Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("select " + column + " from signoff.queue_item where draft_id = '"
                        + draft + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long count(String query) throws Exception {
        try (Connection db = db(); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row of every table of a schema, as text. */
    public static List<String> rowsOfSchema(String schema) throws Exception {
        return SchemaRows.of(schema);
    }
}

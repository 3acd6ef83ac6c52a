package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.Browser;
import org.signet.services.testing.CanaryChart;
import org.signet.services.testing.KeycloakTokens;

/**
 * The admin console, page by page, in Chromium against the services as they run (issue 20): a purpose version made
 * from a copy (through the step-up sign-in, a stale edit refused, a bad field named) and its diff; a patient found by
 * MRN, opted out, and their draft refused; a remote provider without a BAA refused; the data-flow diagram following
 * a purpose change, and downloaded as SVG and PNG. Services here ask for a sign-in at most 20 s old before a change
 * that widens what flows (e2e's pom).
 */
class AdminConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long STEP_UP_MAX_AGE_MS = 20_000;

    private static String signoff;
    private static String console;

    @BeforeAll
    static void startTheSystem() {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        signoff = BackingServices.peerUrl(SignetModule.SIGNOFF);
        console = signoff + "/admin/";
    }

    @Test
    void anAdminMakesAPurposeVersionFromACopyThroughAFreshSignInAndSeesTheDiff() throws Exception {
        String id = "console-" + System.nanoTime() % 100000;
        createPurpose(id, List.of("code"));
        try (Browser browser = Browser.open()) {
            browser.signIn(console, "ann.admin");
            long signedIn = System.currentTimeMillis();
            browser.driver.get(console + "#/purposes");
            browser.waitForText(By.cssSelector("tr[data-purpose='" + id + "']"), "v1");
            browser.click(By.linkText(id));
            browser.click(By.id("edit-copy"));
            WebElement elements = ruleInput(browser, "Condition", "elements");

            // a field the owner refuses is named next to the field (422), and nothing is saved
            WebElement maxCount = ruleInput(browser, "Condition", "maxCount");
            maxCount.clear();
            maxCount.sendKeys("5000");
            browser.driver.findElement(By.id("f-changeNote")).sendKeys("console test: add onset");
            browser.click(By.id("save-purpose"));
            browser.waitForText(By.cssSelector(".field-error"), "resourceRules[1].maxCount: must be 1..1000");
            assertEquals("true", maxCount.getDomAttribute("aria-invalid"));
            maxCount.clear();
            maxCount.sendKeys("10");

            // another admin saves first: this edit of version 1 is refused with a clear message (412)
            updatePurposeElsewhere(id);
            elements.clear();
            elements.sendKeys("code, onset");
            browser.click(By.id("save-purpose"));
            browser.waitForText(By.id("status"), "has changed since you opened it");

            // reload the new latest (v2) and widen it, after the sign-in has grown older than the step-up age
            browser.driver.get(console + "#/purposes/" + id + "/edit");
            browser.driver.navigate().refresh();
            browser.waitForText(By.id("page-title"), "editing a copy of v2");
            elements = ruleInput(browser, "Condition", "elements");
            elements.clear();
            elements.sendKeys("code, onset");
            browser.driver.findElement(By.id("f-changeNote")).sendKeys("console test: add onset");
            long wait = signedIn + STEP_UP_MAX_AGE_MS + 2_000 - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            browser.click(By.id("save-purpose"));
            browser.waitForText(By.id("step-up-why"), "Condition.onset added");
            browser.screenshot("admin-step-up");
            browser.click(By.id("step-up-confirm"));
            // Keycloak asks for the password again (prompt=login), then the kept change is sent once more
            browser.waitFor(By.id("password"));
            assertTrue(browser.driver.getCurrentUrl().contains("/realms/" + KeycloakServer.SIGNET_REALM + "/"));
            browser.driver.findElement(By.id("password")).sendKeys(BackingServices.keycloak().userPassword());
            // Keycloak may show the user's name already filled in, or ask for it again
            for (WebElement username : browser.driver.findElements(By.id("username"))) {
                if (username.isDisplayed() && username.getDomProperty("value").isEmpty()) {
                    username.sendKeys("ann.admin");
                }
            }
            browser.driver.findElement(By.id("kc-login")).click();
            browser.waitForText(By.id("status"), "Saved after your fresh sign-in");
            assertEquals(3, purposeVersions(id).size(), "v1, v2 by the other admin, v3 through the console");
            assertEquals("code, onset", String.join(", ", conditionElements(purposeVersions(id).get(2))));

            // the history, and v2 and v3 side by side: the Condition's elements changed
            browser.driver.get(console + "#/purposes/" + id);
            browser.driver.navigate().refresh();
            browser.waitForText(By.id("versions"), "console test: add onset");
            browser.waitFor(By.id("purpose-diff"));
            WebElement changed = browser.waitForText(By.cssSelector("#purpose-diff tr.changed"), "Condition: elements");
            assertTrue(changed.getText().contains("onset"), changed.getText());
            // v1 against v3: the look-back changed too (the other admin's version)
            browser.click(By.cssSelector("input[name='a'][value='1']"));
            browser.click(By.id("compare"));
            browser.waitForText(By.cssSelector("#purpose-diff tr.changed"), "Condition: look-back");
            browser.screenshot("admin-purpose-diff");
        }
    }

    @Test
    void anAdminFindsAPatientByMrnOptsThemOutAndTheirDraftIsRefused() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String mrn = chart.canaries().get(2);
        try (Browser browser = Browser.open()) {
            browser.signIn(console, "ann.admin");
            browser.driver.get(console + "#/consent");
            browser.waitFor(By.id("consent-query"));
            // a partial identifier names no one
            browser.driver.findElement(By.id("consent-query")).sendKeys(mrn.substring(0, mrn.length() - 1));
            browser.click(By.cssSelector("#consent-form button[type=submit]"));
            browser.waitForText(By.id("status"), "No patient has exactly this identifier");
            assertFalse(browser.driver.findElement(By.id("page")).getText().contains(chart.canaries().get(1)));

            browser.driver.findElement(By.id("consent-query")).sendKeys(mrn.substring(mrn.length() - 1));
            browser.click(By.cssSelector("#consent-form button[type=submit]"));
            browser.waitForText(By.id("consent-patient"), chart.canaries().get(1));
            browser.waitForText(By.cssSelector("#consent-decisions tr[data-purpose='progress-note']"), "Allowed");
            browser.driver.findElement(By.id("opt-out-reason")).sendKeys("asked at the front desk");
            browser.click(By.id("opt-out"));
            browser.waitForText(By.cssSelector("#consent-decisions tr[data-purpose='progress-note']"),
                    "Refused (consent registry)");
            browser.waitForText(By.id("consent-registry"), "in force");
            browser.screenshot("admin-consent");
        }
        // the clinician's draft for this patient is refused before anything of the chart is read
        SignetClient signet = new SignetClient(signoff, BackingServices.keycloak().realmUrl(
                KeycloakServer.SIGNET_REALM));
        String token = signet.userToken("dr.ada", BackingServices.keycloak().userPassword());
        String job = signet.requestDraft(token, chart.patient(), chart.encounter(), "progress-note", "11506-3", null,
                "Doctor: How are you today?\nPatient: Fine.");
        JsonNode last = signet.followProgress(token, job, step -> { });
        assertEquals("REFUSED_CONSENT", last.path("state").asText(), last.toString());
    }

    @Test
    void aRemoteProviderWithoutABaaCannotBeEnabledAndAnExpiringBaaIsWarnedAbout() throws Exception {
        String id = "remote-" + System.nanoTime() % 100000;
        try (Browser browser = Browser.open()) {
            browser.signIn(console, "ann.admin");
            browser.driver.get(console + "#/providers/new");
            browser.waitFor(By.id("p-id")).sendKeys(id);
            new Select(browser.driver.findElement(By.id("p-kind"))).selectByValue("openai-compatible");
            browser.driver.findElement(By.id("p-endpoint")).sendKeys("https://203.0.113.10/v1");
            browser.driver.findElement(By.id("p-model")).sendKeys("vendor-model");
            browser.driver.findElement(By.id("p-modelVersion")).sendKeys("2026-11");
            browser.click(By.id("p-enabled"));
            browser.click(By.id("save-provider"));
            browser.waitForText(By.id("status"), "is remote and has no BAA on file; it cannot be enabled");
            browser.screenshot("admin-provider-refused");
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(signoff + "/v1/admin/providers/" + id))
                    .header("Authorization", "Bearer " + KeycloakTokens.user("ann.admin")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "nothing was registered");

            // registered disabled with its BAA recorded, expiring in 12 days: the list warns
            browser.click(By.id("p-enabled"));
            browser.driver.findElement(By.id("p-baaCounterparty")).sendKeys("Example Vendor Inc.");
            browser.driver.findElement(By.id("p-baaReference")).sendKeys("BAA-2026-7");
            date(browser, "p-baaEffective", LocalDate.now(ZoneOffset.UTC).minusDays(300));
            date(browser, "p-baaExpires", LocalDate.now(ZoneOffset.UTC).plusDays(12));
            browser.click(By.id("p-telemetryOff"));
            browser.click(By.id("p-noTraining"));
            browser.click(By.id("save-provider"));
            browser.waitForText(By.cssSelector("tr[data-provider='" + id + "']"), "BAA-2026-7 with Example Vendor");
            browser.waitForText(By.cssSelector("tr[data-provider='" + id + "']"), "in 12 days");
        }
    }

    @Test
    void theDataFlowDiagramFollowsThePurposesAndDownloadsAsSvgAndPng() throws Exception {
        String id = "flow-" + System.nanoTime() % 100000;
        createPurpose(id, List.of("code"));
        try (Browser browser = Browser.open()) {
            browser.signIn(console, "ann.admin");
            browser.driver.get(console + "#/data-flow");
            browser.waitForText(By.cssSelector("#data-flow-list tr[data-purpose='" + id + "']"), "Condition: code");
            assertTrue((Boolean) browser.script("const i = document.getElementById('data-flow-image');"
                    + " return i.complete && i.naturalWidth > 1000;"), "the SVG is shown as an image");
            browser.click(By.id("download-svg"));
            String svg = Files.readString(browser.download(".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.startsWith("<svg"), "an SVG document");
            assertTrue(purposeBox(svg, id).contains("Condition: code (at most 10"), purposeBox(svg, id));
            assertFalse(purposeBox(svg, id).contains("onset"));

            // the configuration changes; the diagram drawn next follows it
            updatePurposeElsewhere(id, List.of("code", "onset"));
            browser.driver.navigate().refresh();
            browser.waitForText(By.cssSelector("#data-flow-list tr[data-purpose='" + id + "']"),
                    "Condition: code, onset");
            Files.delete(browser.download(".svg"));
            browser.click(By.id("download-svg"));
            svg = Files.readString(browser.download(".svg"), StandardCharsets.UTF_8);
            assertTrue(purposeBox(svg, id).contains("Condition: code, onset"), "the redrawn SVG shows the new element");
            browser.click(By.id("download-png"));
            byte[] png = Files.readAllBytes(browser.download(".png"));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            assertTrue(png.length > 10_000, "a drawn PNG, not an empty one");
            Path shot = browser.screenshot("admin-data-flow");
            assertTrue(Files.size(shot) > 0);
        }
    }

    @Test
    void aPurposesRetentionReachesEveryServiceAndTheRetentionAndQualityPagesShowIt() throws Exception {
        // a purpose that keeps its drafts' traces for its own periods
        String id = "kept-" + System.nanoTime() % 100000;
        HttpResponse<String> created = send("POST", "/v1/admin/purposes", null, Map.of("id", id,
                "displayName", "Short-kept " + id, "purposeOfUse", "TREAT", "changeNote", "retention test",
                "definition", Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                        "retention", Map.of("reviewDays", 3, "vaultDays", 10),
                        "resourceRules", List.of(
                                Map.of("type", "Patient", "elements", List.of("name", "gender"), "maxCount", 1),
                                Map.of("type", "Encounter", "elements", List.of("type", "period"), "maxCount", 1,
                                        "encounterOnly", true),
                                Map.of("type", "Condition", "elements", List.of("code"), "maxCount", 10)))));
        assertEquals(201, created.statusCode(), created.body());

        // one note drafted under it and signed this week: the vault and the queue take the purpose's periods
        CanaryChart chart = CanaryChart.load(false);
        SignetClient signet = new SignetClient(signoff, BackingServices.keycloak().realmUrl(
                KeycloakServer.SIGNET_REALM));
        String token = signet.userToken("dr.ada", BackingServices.keycloak().userPassword());
        String job = signet.requestDraft(token, chart.patient(), chart.encounter(), id, "11506-3", null,
                "Doctor: Blood pressure is 142 over 90 today.\nPatient: I ran out of my tablets.");
        JsonNode last = signet.followProgress(token, job, step -> { });
        assertEquals("READY", last.path("state").asText(), last.toString());
        signet.awaitQueueState(token, job, java.util.Set.of("PENDING_REVIEW"), java.time.Duration.ofSeconds(30));
        assertEquals(10 * 86400L, seconds("select extract(epoch from v.expires_at - v.created_at)::bigint from "
                + "vault.vault v join scribe.draft_job j on j.vault_id = v.id where j.id = ?", job));
        assertEquals(3 * 86400L, seconds("select extract(epoch from review_deadline - received_at)::bigint from "
                + "signoff.queue_item where draft_id = ?", job));
        signet.sign(token, signet.answerOmissions(token, signet.readDraft(token, job), "not-relevant",
                new java.util.ArrayList<>()));

        try (Browser browser = Browser.open()) {
            browser.signIn(console, "ann.admin");
            browser.driver.get(console + "#/retention");
            WebElement row = browser.waitForText(By.cssSelector("#retention-purposes tr[data-purpose='" + id + "']"),
                    "3 days");
            assertTrue(row.getText().contains("10 days") && row.getText().contains("90 days (default)"),
                    row.getText());
            browser.waitForText(By.cssSelector("#retention-purposes tr[data-purpose='progress-note']"),
                    "14 days (default)");
            String purges = browser.waitForText(By.id("retention-table"), "drafts awaiting review").getText();
            for (String held : List.of("signoff-service", "tokenization-service", "scribe-service",
                    "crypto-shredded")) {
                assertTrue(purges.contains(held), held + " in " + purges);
            }
            browser.screenshot("admin-retention");
            browser.driver.get(console + "#/quality");
            WebElement week = browser.waitForText(By.cssSelector("#quality-table tbody tr"), "extractive");
            assertTrue(week.getText().matches("(?s)\\d{4}-\\d{2}-\\d{2}.*"), week.getText());
            browser.screenshot("admin-quality");
        }
    }

    private static long seconds(String sql, String draftId) throws Exception {
        try (var db = java.sql.DriverManager.getConnection(BackingServices.postgres().jdbcUrl(),
                org.signet.services.postgres.PostgresServer.USER, org.signet.services.postgres.PostgresServer.PASSWORD);
                var query = db.prepareStatement(sql)) {
            query.setObject(1, java.util.UUID.fromString(draftId));
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next(), "no row for " + draftId);
                return rows.getLong(1);
            }
        }
    }

    /** The purpose's box in the diagram: {@code <g id="purpose-<id>">…</g>}. */
    private static String purposeBox(String svg, String id) {
        int start = svg.indexOf("<g id=\"purpose-" + id + "\">");
        assertTrue(start >= 0, "the diagram draws purpose " + id);
        return svg.substring(start, svg.indexOf("</g>", start));
    }

    // --- helpers: the other admin, through the API ---

    private static WebElement ruleInput(Browser browser, String type, String field) {
        return browser.until(d -> d.findElements(By.cssSelector("fieldset.rule")).stream()
                .filter(box -> type.equals(box.findElement(By.cssSelector("[data-rule-field='type']"))
                        .getDomProperty("value")))
                .map(box -> box.findElement(By.cssSelector("[data-rule-field='" + field + "']")))
                .findFirst().orElse(null));
    }

    private static void date(Browser browser, String id, LocalDate value) {
        browser.script("const f = document.getElementById('" + id + "'); f.value = '" + value + "';"
                + " f.dispatchEvent(new Event('change'));");
    }

    private static Map<String, Object> definition(List<String> conditionElements, int lookbackDays) {
        return Map.of("noteTypes", List.of("11506-3"), "modelProviders", List.of("extractive"),
                "resourceRules", List.of(
                        Map.of("type", "Patient", "elements", List.of("gender"), "maxCount", 1),
                        Map.of("type", "Condition", "search", Map.of("clinical-status", "active"),
                                "elements", conditionElements, "maxCount", 10, "lookbackDays", lookbackDays)));
    }

    private static void createPurpose(String id, List<String> conditionElements) throws Exception {
        HttpResponse<String> created = send("POST", "/v1/admin/purposes", null, Map.of("id", id,
                "displayName", "Console " + id, "purposeOfUse", "TREAT", "changeNote", "created by the test",
                "definition", definition(conditionElements, 365)));
        assertEquals(201, created.statusCode(), created.body());
    }

    private static void updatePurposeElsewhere(String id) throws Exception {
        updatePurposeElsewhere(id, List.of("code"));
    }

    /** Another admin's version: a shorter look-back (and the given elements). */
    private static void updatePurposeElsewhere(String id, List<String> conditionElements) throws Exception {
        HttpResponse<String> saved = send("PUT", "/v1/admin/purposes/" + id, null, Map.of("id", id,
                "displayName", "Console " + id, "purposeOfUse", "TREAT", "changeNote", "another admin's version",
                "definition", definition(conditionElements, 180)));
        assertEquals(200, saved.statusCode(), saved.body());
    }

    private static List<JsonNode> purposeVersions(String id) throws Exception {
        HttpResponse<String> versions = send("GET", "/v1/admin/purposes/" + id + "/versions", null, null);
        assertEquals(200, versions.statusCode(), versions.body());
        List<JsonNode> all = new java.util.ArrayList<>();
        JSON.readTree(versions.body()).forEach(all::add);
        return all;
    }

    private static List<String> conditionElements(JsonNode purpose) {
        for (JsonNode rule : purpose.at("/definition/resourceRules")) {
            if (rule.path("type").asText().equals("Condition")) {
                List<String> elements = new java.util.ArrayList<>();
                rule.path("elements").forEach(e -> elements.add(e.asText()));
                return elements;
            }
        }
        return List.of();
    }

    /** Through the console's own API, as an admin who has just signed in. */
    private static HttpResponse<String> send(String method, String path, String ifMatch, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signoff + path))
                .header("Authorization", "Bearer " + KeycloakTokens.signedIn("ann.admin"));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

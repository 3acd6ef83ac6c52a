package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SignetClient;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.Browser;

/**
 * The auditor's page in Chromium, through the web front door (signoff-service passes each call, with the auditor's
 * token, to audit-service): a rule's threshold changed (and a bad one refused) and that change found on the trail,
 * the chain verified, the disclosure report shown and downloaded as CSV; a clinician is turned away by the page and
 * by the API.
 */
class AuditorPageBrowserTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String signoff;
    private static String page;

    @BeforeAll
    static void startTheSystem() {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        signoff = BackingServices.peerUrl(SignetModule.SIGNOFF);
        page = signoff + "/audit/";
    }

    @Test
    void anAuditorVerifiesTheTrailTunesARuleFindsTheChangeAndReadsTheDisclosures() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.signIn(page, "aud.itor");

            browser.driver.get(page + "#/rules");
            WebElement threshold = browser.waitFor(By.id("threshold-distinct-patients"));
            threshold.clear();
            threshold.sendKeys("37");
            browser.click(By.id("save-distinct-patients"));
            browser.waitForText(By.id("status"), "Saved distinct-patients: 37 in");
            // a threshold of 0 is refused by audit-service, and the page says which field
            WebElement window = browser.waitFor(By.id("window-refusal-burst"));
            window.clear();
            window.sendKeys("0");
            browser.click(By.id("save-refusal-burst"));
            browser.waitForText(By.id("status"), "windowMinutes must be between 1 and");

            // the change is on the trail: searched for by its action, as an auditor would
            browser.driver.get(page + "#/trail");
            WebElement action = browser.waitFor(By.id("action"));
            long deadline = System.currentTimeMillis() + 30_000;
            boolean found = false;
            while (!found && System.currentTimeMillis() < deadline) {
                action.clear();
                action.sendKeys("audit.rule-update");
                browser.click(By.cssSelector("#trail-search button[type='submit']"));
                browser.until(d -> d.findElements(By.id("trail-table")).isEmpty()
                        && d.findElements(By.id("trail-empty")).isEmpty() ? null : true);
                found = !browser.driver.findElements(By.id("trail-table")).isEmpty();
                if (!found) {
                    Thread.sleep(500);
                }
            }
            assertTrue(found, "the rule change reached the trail");
            browser.waitForText(By.id("trail-table"), "audit.rule-update");
            browser.screenshot("audit-trail");

            // the chain, with those events in it, verifies
            browser.driver.get(page + "#/integrity");
            browser.click(By.id("verify"));
            WebElement result = browser.waitForText(By.id("verify-result"), "intact");
            int records = Integer.parseInt(result.findElements(By.tagName("dd")).get(1).getText().trim());
            assertTrue(records >= 1, "the verified chain holds at least the rule change: " + records);
            browser.waitForText(By.id("checkpoint-key"), "Ed25519");
            browser.screenshot("audit-integrity");

            browser.driver.get(page + "#/disclosures");
            browser.click(By.cssSelector("#disclosure-search button[type='submit']"));
            browser.until(d -> d.findElements(By.id("disclosures-table")).isEmpty()
                    && d.findElements(By.id("disclosures-empty")).isEmpty() ? null : true);
            if (!browser.driver.findElements(By.id("disclosures-csv")).isEmpty()) {
                browser.click(By.id("disclosures-csv"));
                Path csv = browser.download(".csv");
                assertTrue(Files.readString(csv).startsWith("occurred_at,provider,patient_ref"));
            }
            browser.screenshot("audit-disclosures");
        }
    }

    @Test
    void aClinicianIsTurnedAwayByThePageAndTheApi() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.signIn(page, "dr.ada");
            browser.waitForText(By.id("status"), "does not have the auditor role");
            assertTrue(browser.driver.findElement(By.id("tabs")).getDomAttribute("hidden") != null);
        }
        String clinician = new SignetClient(signoff, BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM))
                .userToken("dr.ada", BackingServices.TEST_USER_PASSWORD);
        for (String path : List.of("/v1/auditor/events", "/v1/auditor/verify", "/v1/auditor/disclosures",
                "/v1/auditor/rules")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(signoff + path))
                    .header("Authorization", "Bearer " + clinician).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, answer.statusCode(), path);
        }
        String auditor = new SignetClient(signoff, BackingServices.keycloak().realmUrl(KeycloakServer.SIGNET_REALM))
                .userToken("aud.itor", BackingServices.TEST_USER_PASSWORD);
        // only audit-service's read paths pass the front door
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(signoff
                + "/v1/auditor/..%2F..%2Fq%2Fhealth")).header("Authorization", "Bearer " + auditor).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
    }
}

package org.signet.signoff.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.signet.contracts.NoteFiled;
import org.signet.contracts.Topics;
import org.signet.signoff.queue.Fixtures;
import org.signet.signoff.queue.Fixtures.Draft;
import org.signet.services.testing.Browser;
import org.signet.services.testing.KafkaResource;
import org.signet.services.testing.KeycloakResource;
import org.signet.services.testing.PostgresResource;
import org.signet.services.testing.SignetServicesResource;

/**
 * The sign-off UI in headless Chromium, signed in through Keycloak's login page with authorization code + PKCE.
 * Drafts arrive the real way, on Kafka's drafts.ready with a vault in the real tokenization-service.
 */
@QuarkusTest
@TestProfile(SignoffBrowserTest.OnRegisteredPort.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "signoff-service"))
@WithTestResource(value = SignetServicesResource.class,
        initArgs = @ResourceArg(name = "modules", value = "tokenization-service,scribe-service"))
class SignoffBrowserTest {

    /** Keycloak accepts the UI's redirect only on the ports registered for client signoff-web: 8184 and 8085. */
    public static class OnRegisteredPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "8085");
        }
    }

    static final String UI = "http://localhost:8085/";

    @Test
    void aClinicianReviewsTheEvidenceAnswersOmissionsEditsSignsAndSeesTheNoteFiled() throws Exception {
        Draft draft = Fixtures.publishDraftWithEvidence("dr.ada");
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        String patient = draft.canary().given() + " " + draft.canary().family();
        try (Browser browser = Browser.open().signIn(UI, "dr.ada")) {
            // the queue shows the patient's real name, re-identified for this clinician
            WebElement row = browser.waitFor(By.cssSelector("tr[data-draft='" + draft.id() + "']"));
            assertTrue(row.getText().contains(patient), row.getText());
            assertTrue(row.getText().contains("Waiting for review"), row.getText());
            row.findElement(By.tagName("a")).click();

            browser.waitForText(By.id("draft-sections"), "Mrs. " + patient);
            String identity = browser.driver.findElement(By.id("draft-patient")).getText();
            assertTrue(identity.contains(patient) && identity.contains("born " + Fixtures.BIRTH_DATE)
                    && identity.contains("MRN " + Fixtures.MRN_PREFIX + draft.canary().family())
                    && identity.contains("Office visit on " + Fixtures.ENCOUNTER_DATE), identity);
            assertTrue(browser.driver.findElement(By.id("review-banner")).getText()
                    .contains("Template draft (no AI model) — review required"));
            String facts = browser.driver.findElement(By.id("draft-facts")).getText();
            assertTrue(facts.contains("signet-structured") && facts.contains("progress-note-soap v2"), facts);
            assertEquals(4, browser.driver.findElements(By.cssSelector("#draft-sections h3")).size(),
                    "one section per SOAP heading");

            // each sentence shows what it rests on: the plan, the clinician's turn that said it
            browser.waitForText(By.id("review-summary"), "sentences are supported");
            WebElement planSentence = browser.driver.findElements(By.cssSelector("#evidence-sentences li")).stream()
                    .filter(li -> li.getText().contains("lisinopril")).findFirst().orElseThrow();
            planSentence.findElement(By.tagName("button")).click();
            WebElement source = browser.waitFor(By.cssSelector("#evidence-transcript li.source"));
            assertTrue(source.getText().contains("lisinopril"), source.getText());
            String transcript = browser.driver.findElement(By.id("evidence-transcript")).getText();
            assertTrue(transcript.contains(draft.canary().family()), "the transcript re-identified for its clinician");
            Path shot = browser.screenshot("signoff-draft-evidence");
            assertTrue(Files.size(shot) > 10_000, "a screenshot with content: " + shot);

            // two facts of the encounter are not in the note; signing waits for an answer to each
            List<WebElement> omissions = browser.driver.findElements(By.cssSelector("#omissions li"));
            assertEquals(2, omissions.size());
            WebElement ibuprofen = omissions.stream().filter(li -> li.getText().contains("ibuprofen")).findFirst()
                    .orElseThrow();
            ibuprofen.findElement(By.cssSelector("button[data-decision='not-relevant']")).click();
            browser.waitForText(By.id("omissions"), "not relevant");
            WebElement metformin = browser.driver.findElements(By.cssSelector("#omissions li")).stream()
                    .filter(li -> li.getText().contains("Metformin")).findFirst().orElseThrow();
            metformin.findElement(By.cssSelector("button[data-decision='added']")).click();
            WebElement text = browser.waitFor(By.id("draft-text"));
            browser.waitForText(By.id("status"), "Place the added item");
            assertTrue(text.getAttribute("value").endsWith("Metformin 500 MG Oral Tablet."), "added at the end");
            text.sendKeys("\nAddendum: reviewed the home readings with the patient.");
            browser.click(By.cssSelector("#edit-form button[type=submit]"));
            browser.waitForText(By.id("status"), "Changes saved.");
            browser.waitForText(By.id("draft-sections"), "Addendum");

            browser.click(By.id("sign"));
            browser.waitFor(By.id("attest"));
            browser.click(By.id("attest"));
            browser.click(By.id("confirm-sign"));
            browser.waitForText(By.id("filing"), "Filing in the chart");
            browser.waitForText(By.id("signed-banner"), "Signed by dr.ada");
            assertFalse(browser.driver.findElement(By.id("draft-actions")).isDisplayed(),
                    "a signed note offers no more edits");
            assertFalse(browser.driver.findElement(By.id("review-banner")).isDisplayed(),
                    "the review banner is for drafts only");

            // what fhir-adapter announces once the EHR has the note; the open page follows it
            Fixtures.publish(Topics.NOTES_FILED, draft.id().toString(),
                    new NoteFiled(NoteFiled.SCHEMA_VERSION, draft.id(), "dr-" + draft.id(), Instant.now()));
            browser.waitForText(By.id("filing"), "Filed in the chart as DocumentReference/dr-" + draft.id());
            browser.waitForText(By.id("signed-banner"), "The note is filed in the chart.");
            assertTrue(browser.driver.findElement(By.id("draft-facts")).getText().contains("Filed"));
            browser.screenshot("signoff-draft-filed");
        }
        Fixtures.awaitState("dr.ada", draft.id(), "FILED");
    }

    @Test
    void aClinicianRejectsADraftWithAReason() throws Exception {
        Draft draft = Fixtures.publishDraft("dr.ada");
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        try (Browser browser = Browser.open().signIn(UI, "dr.ada")) {
            browser.driver.get(UI + "?draft=" + draft.id());
            browser.waitForText(By.id("draft-sections"), draft.canary().family());
            browser.click(By.id("reject"));
            browser.waitFor(By.id("reject-reason")).sendKeys("Wrong encounter: this visit was a follow-up.");
            browser.click(By.id("confirm-reject"));
            browser.waitForText(By.id("filing"), "Rejected: nothing was filed.");
            assertFalse(browser.driver.findElement(By.id("draft-actions")).isDisplayed());
        }
        Fixtures.awaitState("dr.ada", draft.id(), "REJECTED");
    }

    @Test
    void anotherClinicianCannotOpenTheDraft() throws Exception {
        Draft draft = Fixtures.publishDraft("dr.ada");
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        try (Browser browser = Browser.open().signIn(UI, "dr.ben")) {
            assertTrue(browser.driver.findElements(By.cssSelector("tr[data-draft='" + draft.id() + "']")).isEmpty(),
                    "not in dr.ben's queue");
            browser.driver.get(UI + "?draft=" + draft.id());
            browser.waitForText(By.id("status"), "assigned to another clinician");
            String page = browser.driver.findElement(By.tagName("body")).getText();
            assertFalse(page.contains(draft.canary().family()), "no name of someone else's patient on the page");
            assertFalse(browser.driver.findElement(By.id("draft-actions")).isDisplayed());
        }
    }

    @Test
    void aScriptInADraftIsShownAsTextAndNeverRuns() throws Exception {
        String hostile = """
                Subjective: Mrs. %1$s %2$s says <script>window.signetInjected = 'script'</script> hello.
                Plan: <img src="x" onerror="window.signetInjected = 'img'"> follow up.""";
        Draft draft = Fixtures.publishDraft("dr.ada", hostile);
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        try (Browser browser = Browser.open().signIn(UI, "dr.ada")) {
            browser.driver.get(UI + "?draft=" + draft.id());
            browser.waitForText(By.id("draft-sections"), "<script>");
            // read in one script call: the page may re-render the sections between two WebDriver calls
            String note = String.valueOf(browser.script("return document.getElementById('draft-sections').innerText;"));
            assertTrue(note.contains("<img src=\"x\""), note);
            assertTrue(browser.driver.findElements(By.cssSelector("#draft-sections script, #draft-sections img"))
                    .isEmpty(), "the markup stayed text");
            Thread.sleep(500); // an onerror handler would have fired by now
            assertEquals(null, browser.script("return window.signetInjected === undefined ? null : "
                    + "window.signetInjected;"));
        }
    }

    @Test
    void invisibleAndTextDirectionCharactersAreRemovedWithANotice() throws Exception {
        // "daily" stored reversed inside a right-to-left override would display as "daily"; a zero-width space
        // hides inside "lisinopril"
        String hostile = """
                Subjective: Mrs. %1$s %2$s reports headaches.
                Plan: Start lisin\u200Bopril 10 mg \u202Eylid\u202C.""";
        Draft draft = Fixtures.publishDraft("dr.ada", hostile);
        Fixtures.awaitState("dr.ada", draft.id(), "PENDING_REVIEW");
        try (Browser browser = Browser.open().signIn(UI, "dr.ada")) {
            browser.driver.get(UI + "?draft=" + draft.id());
            WebElement note = browser.waitForText(By.id("draft-sections"), "lisinopril 10 mg ylid.");
            assertFalse(note.getText().contains("daily"), "shown in the order stored: " + note.getText());
            WebElement notice = browser.waitForText(By.id("draft-notice"), "3 invisible or text-direction characters");
            assertTrue(notice.isDisplayed());
        }
    }

    @Test
    void aNewDraftRequestShowsItsProgressLive() throws Exception {
        try (Browser browser = Browser.open().signIn(UI, "dr.ada")) {
            browser.driver.get(UI + "?new");
            browser.waitFor(By.id("new-patient")).sendKeys("Patient/browser-test");
            browser.driver.findElement(By.id("new-encounter")).sendKeys("Encounter/browser-test");
            browser.driver.findElement(By.id("new-transcript")).sendKeys("Doctor: how is the knee? Patient: better.");
            browser.click(By.cssSelector("#new-form button[type=submit]"));
            // scribe-service takes the request and streams its steps through this service; without fhir-adapter
            // running here the job cannot fetch a chart, so it ends in a terminal failure state: that too streams
            browser.waitFor(By.cssSelector("#progress li[data-state='RECEIVED']"));
            WebElement last = browser.until(d -> d.findElements(By.cssSelector("#progress li[data-state]")).stream()
                    .filter(li -> li.getAttribute("data-state").startsWith("FAILED")
                            || li.getAttribute("data-state").startsWith("REFUSED")
                            || li.getAttribute("data-state").equals("READY"))
                    .findFirst().orElse(null));
            assertTrue(last.isDisplayed());
            assertEquals("", browser.driver.findElement(By.id("new-transcript")).getAttribute("value"),
                    "the transcript does not stay on screen");
        }
    }
}

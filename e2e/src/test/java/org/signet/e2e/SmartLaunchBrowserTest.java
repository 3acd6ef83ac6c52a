package org.signet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.signet.services.app.SignetModule;
import org.signet.services.client.SandboxEhrReader;
import org.signet.services.keycloak.KeycloakServer;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.Browser;
import org.signet.services.testing.CanaryChart;

/**
 * A clinician opens Signet from the EHR, as issue 19 asks, in Chromium: the sandbox EHR's page → "Launch Signet" on an
 * encounter → the EHR's own sign-in (realm {@code ehr}; nothing is typed at Signet) → the Signet UI signed in as the
 * linked clinician, on that patient and encounter → a draft → signed → filed in the EHR.
 */
class SmartLaunchBrowserTest {

    private static final String TRANSCRIPT = """
            Doctor: How have the headaches been since the last visit?
            Patient: Better, only twice this week.
            Doctor: Blood pressure today is 128 over 82. Continue lisinopril 10 mg daily, review in a month.
            """;

    private static String signoff;
    private static String ehrPage;

    @BeforeAll
    static void startTheSystem() {
        for (SignetModule module : SignetModule.values()) {
            BackingServices.signetService(module);
        }
        BackingServices.localModelServer();
        signoff = BackingServices.peerUrl(SignetModule.SIGNOFF);
        ehrPage = BackingServices.sandboxEhr().fhirBaseUrl().replaceFirst("/fhir$", "/ehr/");
    }

    @Test
    void aClinicianLaunchesSignetFromTheEhrDraftsSignsAndTheNoteIsFiled() throws Exception {
        CanaryChart chart = CanaryChart.load(false);
        String encounterId = chart.encounter().substring(chart.encounter().indexOf('/') + 1);
        try (Browser browser = Browser.open()) {
            browser.driver.get(ehrPage);
            browser.click(By.cssSelector("a.launch[data-encounter='" + encounterId + "']"));

            // the EHR's sign-in page (Keycloak realm ehr), not Signet's
            browser.waitFor(By.id("username"));
            assertTrue(browser.driver.getCurrentUrl().contains("/realms/" + KeycloakServer.EHR_REALM + "/"),
                    browser.driver.getCurrentUrl());
            browser.driver.findElement(By.id("username")).sendKeys("dr.ada");
            browser.driver.findElement(By.id("password")).sendKeys(BackingServices.keycloak().userPassword());
            browser.driver.findElement(By.id("kc-login")).click();

            // Signet opens on the launch's patient and encounter, as the linked clinician
            browser.until(d -> d.getCurrentUrl().startsWith(signoff + "/?new") ? true : null);
            browser.waitForText(By.id("who"), "dr.ada");
            assertEquals(chart.patient(), browser.driver.findElement(By.id("new-patient")).getDomProperty("value"));
            assertEquals(chart.encounter(),
                    browser.driver.findElement(By.id("new-encounter")).getDomProperty("value"));
            browser.waitForText(By.id("patient-banner"), "opened from the EHR");
            assertTrue(browser.driver.manage().getCookieNamed("signet_session").isHttpOnly());
            assertEquals(0L, browser.script("return document.cookie.length;"), "no cookie or token for scripts");
            browser.screenshot("smart-launch-new-draft");

            browser.driver.findElement(By.id("new-transcript")).sendKeys(TRANSCRIPT);
            browser.click(By.cssSelector("#new-form button[type=submit]"));
            browser.click(By.linkText("Open the draft"));
            browser.waitForText(By.id("draft-sections"), "lisinopril");
            browser.click(By.id("sign"));
            browser.waitFor(By.id("attest"));
            browser.click(By.id("attest"));
            browser.click(By.id("confirm-sign"));
            String filed = browser.until(d -> {
                String text = d.findElement(By.id("filing")).getText();
                return text.contains("Filed in the chart as DocumentReference/") ? text : null;
            });
            browser.screenshot("smart-launch-filed");

            // "Filed in the chart as DocumentReference/<id>." (the sentence's full stop is not the id's)
            String documentId = filed.replaceAll("(?s).*DocumentReference/([A-Za-z0-9\\-.]*[A-Za-z0-9\\-]).*", "$1");
            DocumentReference document = new SandboxEhrReader(BackingServices.sandboxEhr().fhirBaseUrl(),
                    BackingServices.ehrClientKey()).documentReference(documentId);
            assertEquals(chart.patient(), document.getSubject().getReference());
            assertEquals(chart.encounter(), document.getContext().getEncounterFirstRep().getReference());
            assertTrue(List.of(DocumentReference.ReferredDocumentStatus.FINAL).contains(document.getDocStatus()));

            // the queue, filtered to the launch's patient, shows the note under the patient's re-identified name,
            // and the banner names the patient
            String family = chart.canaries().get(1);
            browser.driver.get(signoff + "/"); // a launched session opens on the new-draft form; the queue is a link away
            browser.click(By.cssSelector("#new-view a[href='/']"));
            browser.waitFor(By.id("state-filter"));
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("state-filter")))
                    .selectByValue("");
            browser.waitForText(By.id("queue"), family);
            browser.waitForText(By.id("patient-banner"), family);
            assertEquals(1, browser.driver.findElements(By.cssSelector("#queue tbody tr")).size(),
                    "only the launch's patient: " + browser.driver.findElement(By.id("queue")).getText());
            browser.screenshot("smart-launch-queue");
        }
    }
}

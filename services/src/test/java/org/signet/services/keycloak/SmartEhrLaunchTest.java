package org.signet.services.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.services.app.SignetModule;
import org.signet.services.ehr.EhrClientKey;
import org.signet.services.ehr.LinkedPractitioners;
import org.signet.services.ehr.SandboxEhrMain;
import org.signet.services.ehr.SmartBackendServicesClient;
import org.signet.services.ehr.SmartLaunch;
import org.signet.services.testing.BackingServices;
import org.signet.services.testing.HttpBrowser;

/**
 * Realm {@code ehr} as a SMART App Launch authorization server, driven as a browser and an app would drive it (HTTP
 * only): the EHR's signed launch → the authorization request → the login form → the code → the token response with
 * the launch's patient and encounter and an id_token naming the user's Practitioner; and every bad launch refused
 * before a password is asked for.
 */
class SmartEhrLaunchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The FHIR base the launches name; realm ehr never calls it, it only checks the app's aud against it. */
    private static final String FHIR_BASE = "http://127.0.0.1:8190/fhir";

    private static KeycloakServer keycloak;
    private static SmartLaunch ehr;

    @BeforeAll
    static void start() {
        keycloak = BackingServices.keycloak();
        ehr = new SmartLaunch(keycloak.launchSecret(), FHIR_BASE);
    }

    @Test
    void anEhrLaunchGivesPatientEncounterAndTheLinkedPractitioner() throws Exception {
        Authorization auth = new Authorization("launch openid fhirUser patient/Patient.rs");
        String launch = ehr.mint(KeycloakServer.SMART_CLIENT, "pat-123", "enc-456");

        HttpResponse<String> login = auth.begin(launch, FHIR_BASE);
        assertEquals(200, login.statusCode(), login.body());
        String code = auth.logIn(login, "dr.ada");
        JsonNode tokens = auth.exchange(code);

        assertEquals("pat-123", tokens.path("patient").asText(), tokens.toString());
        assertEquals("enc-456", tokens.path("encounter").asText());
        assertTrue(tokens.path("scope").asText().contains("launch"), tokens.path("scope").asText());
        assertTrue(tokens.path("scope").asText().contains("patient/Patient.rs"));
        String practitioner = LinkedPractitioners.of(SandboxEhrMain.defaultSeedDir(), KeycloakServer.CLINICIANS)
                .get("dr.ada");
        JsonNode idToken = payload(tokens.path("id_token").asText());
        assertEquals(practitioner, idToken.path("fhirUser").asText(), idToken.toString());
        assertEquals(auth.nonce, idToken.path("nonce").asText());
        JsonNode accessToken = payload(tokens.path("access_token").asText());
        assertEquals("pat-123", accessToken.path("patient").asText(), "the FHIR server can hold the token to it");
        assertTrue(accessToken.path("aud").toString().contains("sandbox-ehr"), accessToken.toString());
    }

    @Test
    void aLaterLaunchInTheSameBrowserReplacesTheContextAndALoginWithoutLaunchCarriesNone() throws Exception {
        Authorization first = new Authorization("launch openid fhirUser");
        first.exchange(first.logIn(first.begin(ehr.mint(KeycloakServer.SMART_CLIENT, "pat-1", null), FHIR_BASE),
                "dr.ben"));
        // the same browser (cookies), now signed in: the SSO cookie passes, the launch is still checked
        Authorization second = first.again("launch openid fhirUser");
        HttpResponse<String> redirected = second.begin(ehr.mint(KeycloakServer.SMART_CLIENT, "pat-2", null), FHIR_BASE);
        JsonNode tokens = second.exchange(second.codeFrom(redirected));
        assertEquals("pat-2", tokens.path("patient").asText());
        assertTrue(tokens.path("encounter").isMissingNode(), "pat-2's launch had no encounter: " + tokens);

        Authorization plain = first.again("openid fhirUser");
        JsonNode noLaunch = plain.exchange(plain.codeFrom(plain.begin(null, null)));
        assertTrue(noLaunch.path("patient").isMissingNode(), "no launch, no patient: " + noLaunch);
    }

    @Test
    void theSandboxHoldsALaunchedUsersTokenToItsPatient() throws Exception {
        String base = BackingServices.sandboxEhr().fhirBaseUrl();
        String backend = new SmartBackendServicesClient(base, EhrClientKey.CLIENT_ID,
                BackingServices.ehrClientKey().privateKey()).accessToken("system/Patient.rs");
        JsonNode patients = JSON.readTree(fhir(base + "/Patient?_count=2&_elements=id", backend).body());
        String mine = patients.at("/entry/0/resource/id").asText();
        String other = patients.at("/entry/1/resource/id").asText();

        Authorization auth = new Authorization("launch openid patient/Patient.rs patient/Encounter.rs");
        JsonNode tokens = auth.exchange(auth.logIn(auth.begin(new SmartLaunch(keycloak.launchSecret(), base)
                .mint(KeycloakServer.SMART_CLIENT, mine, null), base), "dr.ada"));
        String user = tokens.path("access_token").asText();

        assertEquals(200, fhir(base + "/Patient/" + mine, user).statusCode());
        assertEquals(200, fhir(base + "/Encounter?patient=" + mine + "&_count=1", user).statusCode());
        assertEquals(200, fhir(base + "/Patient?_id=" + mine, user).statusCode());
        assertEquals(403, fhir(base + "/Patient/" + other, user).statusCode(), "another patient");
        assertEquals(403, fhir(base + "/Encounter?patient=" + other, user).statusCode(), "another patient's visits");
        assertEquals(403, fhir(base + "/Encounter?_count=1", user).statusCode(), "a search not confined to it");
        assertEquals(403, fhir(base + "/Observation?patient=" + mine, user).statusCode(), "a type not granted");
    }

    private static HttpResponse<String> fhir(String url, String token) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyBadLaunchIsRefusedBeforeTheLoginForm() throws Exception {
        String good = ehr.mint(KeycloakServer.SMART_CLIENT, "pat-9", "enc-9");
        String[] parts = good.split("\\.");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("pat-9", "pat-8").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String forged = new SmartLaunch("a-secret-that-realm-ehr-does-not-know!!", FHIR_BASE)
                .mint(KeycloakServer.SMART_CLIENT, "pat-9", null);
        String forAnotherApp = ehr.mint("another-app", "pat-9", null);

        refused(altered, FHIR_BASE, "signature");
        refused(forged, FHIR_BASE, "signature");
        refused(forAnotherApp, FHIR_BASE, "another app");
        refused(good, "http://127.0.0.1:9/elsewhere/fhir", "aud");
        refused(null, FHIR_BASE, "without the launch parameter");

        Authorization once = new Authorization("launch openid");
        assertEquals(200, once.begin(good, FHIR_BASE).statusCode(), "the good launch itself passes");
        refused(good, FHIR_BASE, "already used");

    }

    @Test
    void aStandaloneLaunchGoesThroughTheEhrsPatientPicker() throws Exception {
        String base = BackingServices.sandboxEhr().fhirBaseUrl();
        Authorization auth = new Authorization("launch/patient openid fhirUser patient/Patient.rs");
        HttpResponse<String> toPicker = auth.begin(null, base);
        String picker = HttpBrowser.location(toPicker);
        assertTrue(picker.startsWith(base.replaceFirst("/fhir$", "/ehr/pick?")), picker);

        HttpResponse<String> patients = auth.browser.get(picker);
        assertEquals(200, patients.statusCode(), patients.body());
        java.util.regex.Matcher first = java.util.regex.Pattern
                .compile("class=pick data-patient=\"([^\"]+)\" href=\"([^\"]+)\"").matcher(patients.body());
        assertTrue(first.find(), patients.body());
        String chosen = first.group(1);
        String choose = base.replaceFirst("/fhir$", "") + first.group(2).replace("&amp;", "&");
        HttpResponse<String> login = auth.browser.get(HttpBrowser.location(auth.browser.get(choose)));
        assertTrue(HttpBrowser.isLoginForm(login), "back at the EHR's sign-in: " + login.body());
        JsonNode tokens = auth.exchange(auth.logIn(login, "dr.ben"));
        assertEquals(chosen, tokens.path("patient").asText(), tokens.toString());
        assertTrue(tokens.path("encounter").isMissingNode());

        // the picker answers only realm ehr's own sign-in: never an open redirect
        HttpResponse<String> elsewhere = auth.browser.get(base.replaceFirst("/fhir$", "/ehr/pick/choose?patient=")
                + chosen + "&client_id=x&return=" + java.net.URLEncoder.encode("https://evil.example/steal",
                StandardCharsets.UTF_8));
        assertEquals(400, elsewhere.statusCode());
        assertTrue(elsewhere.headers().firstValue("Location").isEmpty());
    }

    private static void refused(String launch, String aud, String why) throws Exception {
        HttpResponse<String> page = new Authorization("launch openid fhirUser").begin(launch, aud);
        assertEquals(400, page.statusCode(), page.body());
        assertTrue(page.body().contains(why), "expected '" + why + "' in: " + page.body());
        assertFalse(HttpBrowser.isLoginForm(page), "no login form for a refused launch");
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** One authorization as a browser (cookies, no redirects followed) and the app (PKCE, state, nonce) make it. */
    private static final class Authorization {
        final HttpBrowser browser;
        final String scope;
        final String state = random();
        final String nonce = random();
        final String verifier = random() + random();
        final String redirectUri = BackingServices.peerUrl(SignetModule.SIGNOFF) + KeycloakServer.SMART_CALLBACK_PATH;

        Authorization(String scope) {
            this(new HttpBrowser(), scope);
        }

        private Authorization(HttpBrowser browser, String scope) {
            this.browser = browser;
            this.scope = scope;
        }

        /** Another authorization in the same browser. */
        Authorization again(String scope) {
            return new Authorization(browser, scope);
        }

        HttpResponse<String> begin(String launch, String aud) throws Exception {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("response_type", "code");
            q.put("client_id", KeycloakServer.SMART_CLIENT);
            q.put("redirect_uri", redirectUri);
            q.put("scope", scope);
            q.put("state", state);
            q.put("nonce", nonce);
            q.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
            q.put("code_challenge_method", "S256");
            if (aud != null) {
                q.put("aud", aud);
            }
            if (launch != null) {
                q.put("launch", launch);
            }
            return browser.get(keycloak.realmUrl(KeycloakServer.EHR_REALM) + "/protocol/openid-connect/auth?"
                    + HttpBrowser.form(q));
        }

        String logIn(HttpResponse<String> loginPage, String user) throws Exception {
            return codeFrom(browser.logIn(loginPage, user, keycloak.userPassword()));
        }

        String codeFrom(HttpResponse<String> redirect) {
            assertEquals(302, redirect.statusCode(), redirect.body());
            String location = HttpBrowser.location(redirect);
            assertTrue(location.startsWith(redirectUri + "?"), location);
            Map<String, String> params = HttpBrowser.query(location);
            assertEquals(state, params.get("state"));
            return params.get("code");
        }

        JsonNode exchange(String code) throws Exception {
            String basic = Base64.getEncoder().encodeToString((KeycloakServer.SMART_CLIENT + ":"
                    + keycloak.smartClientSecret()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(
                            keycloak.realmUrl(KeycloakServer.EHR_REALM) + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.form(Map.of("grant_type",
                            "authorization_code", "code", code, "redirect_uri", redirectUri, "code_verifier",
                            verifier)))));
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        }

        private static String random() {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}

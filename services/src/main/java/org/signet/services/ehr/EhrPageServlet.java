package org.signet.services.ehr;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.apache.commons.text.StringEscapeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox EHR's own page ({@code /ehr/}): its patients, each with their latest encounters and a "Launch Signet"
 * button, so a developer sees a SMART EHR launch with nothing but the local stack. {@code /ehr/launch?patient=&encounter=}
 * checks that the encounter is the patient's, signs a launch context ({@link SmartLaunch}) and sends the browser to
 * the app's launch URL with {@code iss} (the sandbox's FHIR base) and {@code launch}. {@code /ehr/pick} is the patient
 * picker of a standalone launch ({@code launch/patient}): realm {@code ehr}'s launch step sends the browser here with
 * its own return URL, and the chosen patient goes back there as a signed launch context (only to that realm's own
 * login pages: never an open redirect). Synthetic patients only: this is the EHR's screen, not Signet's.
 */
final class EhrPageServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(EhrPageServlet.class);
  /** Encounters listed per patient, newest first. */
  private static final int ENCOUNTERS_SHOWN = 5;

  private final ResourceStore store;
  private final SandboxEhr.LaunchApp app;
  private final Supplier<String> fhirBase;
  /** Realm ehr's issuer: the picker returns only to its login pages; null (an open sandbox) has no picker. */
  private final String issuer;

  EhrPageServlet(ResourceStore store, SandboxEhr.LaunchApp app, Supplier<String> fhirBase, String issuer) {
    this.store = store;
    this.app = app;
    this.fhirBase = fhirBase;
    this.issuer = issuer;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'");
    switch (path) {
      case "/" -> page(resp);
      case "/launch" -> launch(req, resp);
      case "/pick" -> picker(req, resp);
      case "/pick/choose" -> choose(req, resp);
      default -> error(resp, HttpServletResponse.SC_NOT_FOUND, "No such page.");
    }
  }

  private void launch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (app == null) {
      error(resp, HttpServletResponse.SC_NOT_FOUND, "No SMART app is registered with this sandbox EHR.");
      return;
    }
    String patient = req.getParameter("patient");
    String encounter = req.getParameter("encounter");
    boolean known = store.withReadLock(() -> patient != null && store.exists("Patient", patient)
        && (encounter == null || store.read("Encounter", encounter) instanceof Encounter e
            && ("Patient/" + patient).equals(e.getSubject().getReference())));
    if (!known) {
      error(resp, HttpServletResponse.SC_BAD_REQUEST, "Unknown patient, or an encounter that is not the patient's.");
      return;
    }
    String launch = new SmartLaunch(app.secret(), fhirBase.get()).mint(app.clientId(), patient, encounter);
    String sep = app.launchUrl().contains("?") ? "&" : "?";
    LOG.info("EHR launch of {} for Patient/{} Encounter/{}", app.clientId(), patient, encounter);
    resp.sendRedirect(app.launchUrl() + sep + "iss=" + url(fhirBase.get()) + "&launch=" + url(launch));
  }

  /** The patients, each a link that answers the authorization waiting at {@code return}. */
  private void picker(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String back = pickerReturn(req, resp);
    if (back == null) {
      return;
    }
    String clientId = req.getParameter("client_id");
    StringBuilder html = new StringBuilder(head("Choose a patient · Sandbox EHR"));
    html.append("<h1>Choose a patient</h1><p>").append(esc(clientId)).append(" will open on the patient you choose.</p><ul>");
    store.withReadLock(() -> {
      for (Resource r : store.scanLocked("Patient")) {
        Patient p = (Patient) r;
        String id = p.getIdElement().getIdPart();
        html.append("<li><a class=pick data-patient=\"").append(esc(id)).append("\" href=\"/ehr/pick/choose?patient=")
            .append(esc(url(id))).append("&amp;client_id=").append(esc(url(clientId))).append("&amp;return=")
            .append(esc(url(back))).append("\">").append(esc(p.getNameFirstRep().getNameAsSingleString()))
            .append("</a> <span class=meta>Patient/").append(esc(id)).append("</span></li>");
      }
      return null;
    });
    html.append("</ul></body></html>");
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(html.toString());
  }

  private void choose(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String back = pickerReturn(req, resp);
    if (back == null) {
      return;
    }
    String patient = req.getParameter("patient");
    if (patient == null || !store.exists("Patient", patient)) {
      error(resp, HttpServletResponse.SC_BAD_REQUEST, "Unknown patient.");
      return;
    }
    String launch = new SmartLaunch(app.secret(), fhirBase.get()).mint(req.getParameter("client_id"), patient, null);
    LOG.info("standalone launch of {} for Patient/{}", req.getParameter("client_id"), patient);
    resp.sendRedirect(back + (back.contains("?") ? "&" : "?") + "launch=" + url(launch));
  }

  /** The picker's return URL when it is realm ehr's own login page, else null with a refusal written. */
  private String pickerReturn(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String back = req.getParameter("return");
    if (app == null || issuer == null) {
      error(resp, HttpServletResponse.SC_NOT_FOUND, "This sandbox has no patient picker.");
      return null;
    }
    if (back == null || !back.startsWith(issuer + "/login-actions/") || req.getParameter("client_id") == null) {
      error(resp, HttpServletResponse.SC_BAD_REQUEST, "The picker answers only the EHR's own sign-in.");
      return null;
    }
    return back;
  }

  private void page(HttpServletResponse resp) throws IOException {
    StringBuilder html = new StringBuilder(head("Sandbox EHR"));
    html.append("<h1>Sandbox EHR</h1>");
    html.append(app == null ? "<p>No SMART app is registered: start the sandbox with a launch app to launch one.</p>"
        : "<p>Launch <b>" + esc(app.clientId()) + "</b> on an encounter: the app opens on that patient.</p>");
    store.withReadLock(() -> {
      List<Resource> patients = store.scanLocked("Patient");
      for (Resource r : patients) {
        Patient p = (Patient) r;
        String id = p.getIdElement().getIdPart();
        html.append("<section><h2>").append(esc(p.getNameFirstRep().getNameAsSingleString()))
            .append("</h2><p class=meta>Patient/").append(esc(id));
        if (p.hasBirthDate()) {
          html.append(" · born ").append(esc(p.getBirthDateElement().getValueAsString()));
        }
        html.append("</p><table><tr><th>Encounter</th><th>Start</th><th>Type</th><th></th></tr>");
        List<Encounter> encounters = store.ofPatientsLocked("Encounter", Set.of(id)).stream()
            .map(Encounter.class::cast)
            .sorted(Comparator.comparing((Encounter e) -> e.getPeriod().getStart(),
                Comparator.nullsLast(Comparator.<Date>reverseOrder())))
            .limit(ENCOUNTERS_SHOWN).toList();
        for (Encounter e : encounters) {
          String eid = e.getIdElement().getIdPart();
          html.append("<tr><td>").append(esc(eid)).append("</td><td>")
              .append(esc(e.getPeriod().hasStart() ? e.getPeriod().getStartElement().getValueAsString() : ""))
              .append("</td><td>").append(esc(e.getTypeFirstRep().getText())).append("</td><td>");
          if (app != null) {
            // a link, not a form: the launch redirects to the app's origin, which CSP form-action would block
            html.append("<a class=launch data-encounter=\"").append(esc(eid)).append("\" href=\"/ehr/launch?patient=")
                .append(esc(url(id))).append("&amp;encounter=").append(esc(url(eid))).append("\">Launch Signet</a>");
          }
          html.append("</td></tr>");
        }
        html.append("</table></section>");
      }
      return null;
    });
    html.append("</body></html>");
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(html.toString());
  }

  private static void error(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(head("Sandbox EHR") + "<h1>Sandbox EHR</h1><p role=alert>" + esc(message)
        + "</p><p><a href=\"/ehr/\">Back to the patients</a></p></body></html>");
  }

  private static String head(String title) {
    return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + "</title><style>"
        + "body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}section{margin-bottom:1.5rem}"
        + ".meta{color:#555;font-size:.9rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}"
        + "a.launch{padding:.2rem .6rem;border:1px solid #0b4f8a;border-radius:4px;text-decoration:none}"
        + "</style></head><body>";
  }

  /** Text as HTML (Apache Commons Text): names and ids come from the chart and are never markup. */
  static String esc(String s) {
    return s == null ? "" : StringEscapeUtils.escapeHtml4(s);
  }

  private static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

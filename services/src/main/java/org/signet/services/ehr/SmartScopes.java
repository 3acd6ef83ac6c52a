package org.signet.services.ehr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART scopes granted by an access token, and what they permit.
 *
 * <p>Accepts SMART v2 ({@code system/Patient.rs}, permissions a subset of c,r,u,d,s in that order), SMART v1
 * ({@code system/Patient.read}, {@code .write}, {@code .*}) and the wildcard type ({@code system/*.rs}).
 * {@code patient/} scopes grant their permissions on the one patient the token's {@code patient} claim names (a
 * token from a SMART launch), and nothing without that claim; {@code user/} scopes grant nothing. v2 scopes narrowed
 * by a query ({@code system/Observation.rs?category=...}) are not honoured, so they grant nothing either (a stricter
 * reading than a production server, never a looser one).
 */
public final class SmartScopes {

  private static final Pattern SCOPE = Pattern.compile("(system|patient)/([A-Za-z]+|\\*)\\.([A-Za-z*]+)");
  private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");

  private record Grant(String type, String permissions) {}

  private final List<Grant> grants;
  private final List<Grant> patientGrants;
  private final String patient;
  private final String raw;

  private SmartScopes(List<Grant> grants, List<Grant> patientGrants, String patient, String raw) {
    this.grants = grants;
    this.patientGrants = patientGrants;
    this.patient = patient;
    this.raw = raw;
  }

  /** Parses the space-separated {@code scope} claim of a token without launch context; null means no scopes. */
  public static SmartScopes parse(String scopeClaim) {
    return parse(scopeClaim, null);
  }

  /**
   * Parses the {@code scope} claim; {@code patient} is the token's {@code patient} claim (a SMART launch's patient),
   * or null, in which case {@code patient/} scopes grant nothing.
   */
  public static SmartScopes parse(String scopeClaim, String patient) {
    List<Grant> grants = new ArrayList<>();
    List<Grant> patientGrants = new ArrayList<>();
    if (scopeClaim != null) {
      for (String scope : scopeClaim.trim().split("\\s+")) {
        Matcher m = SCOPE.matcher(scope);
        if (!m.matches()) {
          continue;
        }
        String permissions = switch (m.group(3)) {
          case "read" -> "rs";
          case "write" -> "cud";
          case "*" -> "cruds";
          default -> V2_PERMISSIONS.matcher(m.group(3)).matches() ? m.group(3) : "";
        };
        if (permissions.isEmpty()) {
          continue;
        }
        if (m.group(1).equals("system")) {
          grants.add(new Grant(m.group(2), permissions));
        } else if (patient != null && !patient.isBlank()) {
          patientGrants.add(new Grant(m.group(2), permissions));
        }
      }
    }
    return new SmartScopes(List.copyOf(grants), List.copyOf(patientGrants), patient,
        scopeClaim == null ? "" : scopeClaim);
  }

  /** The patient a SMART launch bound the token to, or null. */
  public String patient() {
    return patient;
  }

  /** Whether a {@code patient/} scope permits the interaction on the token's own patient. */
  public boolean permitsOnOwnPatient(String resourceType, char permission) {
    return patientGrants.stream().anyMatch(g -> (g.type().equals("*") || g.type().equals(resourceType))
        && g.permissions().indexOf(permission) >= 0);
  }

  /**
   * @param permission one of c, r, u, d, s
   */
  public boolean permits(String resourceType, char permission) {
    return grants.stream().anyMatch(g -> (g.type().equals("*") || g.type().equals(resourceType))
        && g.permissions().indexOf(permission) >= 0);
  }

  /** The v2 scope that would permit the interaction, for error messages and WWW-Authenticate. */
  public static String required(String resourceType, char permission) {
    return "system/" + resourceType + "." + permission;
  }

  @Override
  public String toString() {
    return Arrays.toString(raw.split("\\s+"));
  }
}

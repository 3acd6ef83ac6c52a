package org.signet.services.ehr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system-level SMART scopes granted by an access token, and what they permit.
 *
 * <p>Accepts SMART v2 ({@code system/Patient.rs}, permissions a subset of c,r,u,d,s in that order), SMART v1
 * ({@code system/Patient.read}, {@code .write}, {@code .*}) and the wildcard type ({@code system/*.rs}).
 * {@code patient/} and {@code user/} scopes grant nothing to a backend service; v2 scopes narrowed by a query
 * ({@code system/Observation.rs?category=...}) are not honoured, so they grant nothing either (a stricter reading
 * than a production server, never a looser one).
 */
public final class SmartScopes {

  private static final Pattern SYSTEM_SCOPE = Pattern.compile("system/([A-Za-z]+|\\*)\\.([A-Za-z*]+)");
  private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");

  private record Grant(String type, String permissions) {}

  private final List<Grant> grants;
  private final String raw;

  private SmartScopes(List<Grant> grants, String raw) {
    this.grants = grants;
    this.raw = raw;
  }

  /** Parses the space-separated {@code scope} claim; null means no scopes. */
  public static SmartScopes parse(String scopeClaim) {
    List<Grant> grants = new ArrayList<>();
    if (scopeClaim != null) {
      for (String scope : scopeClaim.trim().split("\\s+")) {
        Matcher m = SYSTEM_SCOPE.matcher(scope);
        if (!m.matches()) {
          continue;
        }
        String permissions = switch (m.group(2)) {
          case "read" -> "rs";
          case "write" -> "cud";
          case "*" -> "cruds";
          default -> V2_PERMISSIONS.matcher(m.group(2)).matches() ? m.group(2) : "";
        };
        if (!permissions.isEmpty()) {
          grants.add(new Grant(m.group(1), permissions));
        }
      }
    }
    return new SmartScopes(List.copyOf(grants), scopeClaim == null ? "" : scopeClaim);
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

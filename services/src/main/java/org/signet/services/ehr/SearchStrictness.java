package org.signet.services.ehr;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Set;

/**
 * Refuses what a strict production server refuses. HAPI's plain server already answers 400 for unknown plain
 * parameters, but it silently ignores unknown {@code _}-parameters (e.g. {@code _include}, {@code _total}) and
 * unsupported modifiers; a client that relied on them would break against a real EHR, so the sandbox refuses them.
 */
final class SearchStrictness {

  /** Result parameters the sandbox honours (HAPI applies _elements, _summary, _format, _pretty, paging _count). */
  static final Set<String> RESULT_PARAMETERS = Set.of("_count", "_sort", "_elements", "_summary", "_format",
      "_pretty");

  private SearchStrictness() {}

  /**
   * @param allowResultParameters true in a search, false in conditional criteria
   */
  static void checkParameterName(String type, String rawName, boolean allowResultParameters) {
    int colon = rawName.indexOf(':');
    String name = colon < 0 ? rawName : rawName.substring(0, colon);
    String modifier = colon < 0 ? null : rawName.substring(colon + 1);
    if (RESULT_PARAMETERS.contains(name)) {
      if (!allowResultParameters) {
        throw new InvalidRequestException("Result parameter '" + name + "' is not allowed in conditional criteria");
      }
      if (modifier != null) {
        throw new InvalidRequestException("Modifier ':" + modifier + "' is not supported on " + name);
      }
      return;
    }
    SearchParameterRegistry.Param param = SearchParameterRegistry.param(type, name).orElseThrow(() ->
        new InvalidRequestException("Unknown or unsupported search parameter '" + name + "' for resource type "
            + type + ". Supported: " + SearchParameterRegistry.paramsFor(type).keySet() + " and "
            + RESULT_PARAMETERS));
    if (modifier != null) {
      // The only modifier supported is a reference's type modifier, e.g. subject:Patient=123.
      boolean typeModifier = param.kind() == SearchParameterRegistry.Kind.REFERENCE && !modifier.isEmpty()
          && Character.isUpperCase(modifier.charAt(0)) && !modifier.contains(".");
      if (!typeModifier) {
        throw new InvalidRequestException("Modifier ':" + modifier + "' is not supported on search parameter '"
            + name + "'");
      }
    }
  }
}

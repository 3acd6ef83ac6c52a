package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search criteria for one resource type: per parameter name, a list of AND groups, each a list of OR values.
 * Built either from the typed parameters HAPI parsed for a search, or from a query string (If-None-Exist).
 */
public final class SearchCriteria {

  private final String type;
  private final Map<String, List<List<IQueryParameterType>>> params = new LinkedHashMap<>();

  public SearchCriteria(String type) {
    this.type = type;
  }

  public String type() {
    return type;
  }

  public Map<String, List<List<IQueryParameterType>>> params() {
    return params;
  }

  public boolean isEmpty() {
    return params.isEmpty();
  }

  /** Adds a parameter HAPI parsed; null (absent) is ignored. */
  public SearchCriteria and(String name, IQueryParameterAnd<?> value) {
    if (value == null) {
      return this;
    }
    requireKnown(name);
    for (IQueryParameterOr<?> or : value.getValuesAsQueryTokens()) {
      List<IQueryParameterType> ors = new ArrayList<>(or.getValuesAsQueryTokens());
      if (!ors.isEmpty()) {
        params.computeIfAbsent(name, n -> new ArrayList<>()).add(ors);
      }
    }
    return this;
  }

  /**
   * Parses a conditional-create query ({@code identifier=sys|val&patient=123}, optionally prefixed with
   * {@code Type?}) strictly: unknown parameters, modifiers and result parameters are a 400, as they are in a search.
   */
  public static SearchCriteria parse(FhirContext ctx, String type, String query) {
    String q = query.trim();
    int questionMark = q.indexOf('?');
    if (questionMark >= 0) {
      String prefix = q.substring(0, questionMark);
      if (!prefix.isEmpty() && !prefix.equals(type) && !prefix.endsWith("/" + type)) {
        throw new InvalidRequestException("Conditional criteria '" + query + "' are for another resource type than "
            + type);
      }
      q = q.substring(questionMark + 1);
    }
    SearchCriteria criteria = new SearchCriteria(type);
    if (q.isEmpty()) {
      throw new InvalidRequestException("Conditional criteria are empty");
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidRequestException("Malformed conditional criteria: '" + query + "'");
      }
      String rawName = decode(pair.substring(0, eq));
      String rawValue = pair.substring(eq + 1);
      SearchStrictness.checkParameterName(type, rawName, false);
      int colon = rawName.indexOf(':');
      String name = colon < 0 ? rawName : rawName.substring(0, colon);
      String qualifier = colon < 0 ? null : rawName.substring(colon);
      SearchParameterRegistry.Param param = criteria.requireKnown(name);
      List<IQueryParameterType> ors = new ArrayList<>();
      for (String value : splitOnUnescapedCommas(rawValue)) {
        IQueryParameterType parsed = switch (param.kind()) {
          case TOKEN -> new TokenParam();
          case REFERENCE -> new ReferenceParam();
          case DATE -> new DateParam();
        };
        parsed.setValueAsQueryToken(ctx, name, qualifier, decode(value));
        ors.add(parsed);
      }
      criteria.params.computeIfAbsent(name, n -> new ArrayList<>()).add(ors);
    }
    return criteria;
  }

  private SearchParameterRegistry.Param requireKnown(String name) {
    return SearchParameterRegistry.param(type, name).orElseThrow(() -> new InvalidRequestException(
        "Unknown search parameter '" + name + "' for resource type " + type + ". Supported: "
            + SearchParameterRegistry.paramsFor(type).keySet()));
  }

  private static List<String> splitOnUnescapedCommas(String raw) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        current.append(c).append(raw.charAt(++i));
      } else if (c == ',') {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

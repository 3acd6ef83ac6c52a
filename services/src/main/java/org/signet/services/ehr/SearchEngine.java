package org.signet.services.ehr;

import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Evaluates {@link SearchCriteria} against the store with FHIR R4 search semantics for token, reference and date. */
public final class SearchEngine {

  private final ResourceStore store;

  public SearchEngine(ResourceStore store) {
    this.store = store;
  }

  /**
   * The matching resources, in store order or sorted by {@code sort}: the stored instances themselves, which the
   * store never changes (a write replaces an instance, a reset replaces them all), so the caller must copy what it
   * hands out and must not modify them. Copying only the page a client gets, not every match, is what keeps a
   * search of a long chart cheap.
   */
  public List<Resource> search(SearchCriteria criteria, SortSpec sort) {
    requireSupported(criteria);
    Comparator<Resource> order = comparator(criteria.type(), sort);
    return store.withReadLock(() -> {
      List<Resource> hits = new ArrayList<>();
      for (Resource r : candidatesLocked(criteria)) {
        if (matches(r, criteria)) {
          hits.add(r);
        }
      }
      if (order != null) {
        hits.sort(order);
      }
      return List.copyOf(hits);
    });
  }

  /** Ids of the matches; the caller holds the store's lock when it needs the answer to stay true. */
  public List<String> matchingIdsLocked(SearchCriteria criteria) {
    requireSupported(criteria);
    List<String> ids = new ArrayList<>();
    for (Resource r : candidatesLocked(criteria)) {
      if (matches(r, criteria)) {
        ids.add(r.getIdElement().getIdPart());
      }
    }
    return ids;
  }

  /**
   * Every resource that can match, in store order: when the criteria name plain ids or plain patients, only
   * those (each AND group must match, so the first one's values bound the answer), else every resource of the type.
   * {@link #matches} still decides; this only skips what cannot match.
   */
  private List<Resource> candidatesLocked(SearchCriteria criteria) {
    List<List<IQueryParameterType>> ids = criteria.params().get("_id");
    if (ids != null) {
      Set<String> wanted = plainIds(ids.get(0));
      if (wanted != null) {
        return store.byIdsLocked(criteria.type(), wanted);
      }
    }
    List<List<IQueryParameterType>> patients = criteria.params().get("patient");
    boolean patientParam = SearchParameterRegistry.param(criteria.type(), "patient")
        .filter(p -> "Patient".equals(p.targetType())).isPresent();
    if (patients != null && patientParam) {
      Set<String> wanted = plainPatients(patients.get(0));
      if (wanted != null) {
        return store.ofPatientsLocked(criteria.type(), wanted);
      }
    }
    return store.scanLocked(criteria.type());
  }

  /** The ids an {@code _id} OR group names, or null when any value is more than a plain id. */
  private static Set<String> plainIds(List<IQueryParameterType> ors) {
    Set<String> ids = new HashSet<>();
    for (IQueryParameterType value : ors) {
      if (!(value instanceof TokenParam token) || token.getModifier() != null
          || (token.getSystem() != null && !token.getSystem().isEmpty())
          || token.getValue() == null || token.getValue().isEmpty()) {
        return null;
      }
      ids.add(token.getValue());
    }
    return ids;
  }

  /** The patient ids a {@code patient} OR group names, or null when any value is more than a plain reference. */
  private static Set<String> plainPatients(List<IQueryParameterType> ors) {
    Set<String> ids = new HashSet<>();
    for (IQueryParameterType value : ors) {
      if (!(value instanceof ReferenceParam ref) || (ref.getChain() != null && !ref.getChain().isEmpty())
          || (ref.getResourceType() != null && !"Patient".equals(ref.getResourceType()))
          || ref.getIdPart() == null || ref.getIdPart().isEmpty()) {
        return null;
      }
      ids.add(ref.getIdPart());
    }
    return ids;
  }

  /**
   * The ids of the patients {@code resource}'s {@code patient} search parameter references: what a search by
   * patient matches it on ({@link #referenceMatches} with the target type Patient), so the store's index agrees.
   */
  static Set<String> patientIdsOf(Resource resource) {
    var param = SearchParameterRegistry.param(resource.fhirType(), "patient")
        .filter(p -> "Patient".equals(p.targetType()));
    if (param.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new HashSet<>();
    for (Base value : param.get().values().apply(resource)) {
      if (value instanceof Reference ref && ref.hasReference()) {
        IdType id = new IdType(ref.getReference());
        if ("Patient".equals(id.getResourceType()) && id.getIdPart() != null) {
          ids.add(id.getIdPart());
        }
      }
    }
    return ids;
  }

  /** Fails on what the sandbox does not support, whether or not any resource would have been compared. */
  private static void requireSupported(SearchCriteria criteria) {
    for (var entry : criteria.params().entrySet()) {
      SearchParameterRegistry.Param param = SearchParameterRegistry.param(criteria.type(), entry.getKey())
          .orElseThrow();
      for (List<IQueryParameterType> ors : entry.getValue()) {
        for (IQueryParameterType wanted : ors) {
          if (wanted.getMissing() != null) {
            throw new InvalidRequestException("Modifier ':missing' is not supported");
          }
          switch (param.kind()) {
            case TOKEN -> {
              TokenParam token = (TokenParam) wanted;
              if (token.getModifier() != null) {
                throw new InvalidRequestException("Modifier ':" + token.getModifier().getValue()
                    + "' is not supported");
              }
            }
            case REFERENCE -> {
              ReferenceParam ref = (ReferenceParam) wanted;
              if (ref.getChain() != null && !ref.getChain().isEmpty()) {
                throw new InvalidRequestException("Chained search ('" + param.name() + "." + ref.getChain()
                    + "') is not supported");
              }
            }
            case DATE -> {
              DateParam date = (DateParam) wanted;
              if (date.getValue() == null) {
                throw new InvalidRequestException("Date search value '" + date.getValueAsString()
                    + "' is not a date");
              }
            }
            default -> throw new IllegalStateException();
          }
        }
      }
    }
  }

  static boolean matches(Resource resource, SearchCriteria criteria) {
    for (var entry : criteria.params().entrySet()) {
      SearchParameterRegistry.Param param = SearchParameterRegistry.param(criteria.type(), entry.getKey())
          .orElseThrow();
      List<? extends Base> values = param.name().equals("_id")
          ? List.of(new IdType(resource.getIdElement().getIdPart()))
          : param.values().apply(resource);
      for (List<IQueryParameterType> ors : entry.getValue()) {
        boolean any = false;
        for (IQueryParameterType wanted : ors) {
          if (matchesAny(param, values, wanted)) {
            any = true;
            break;
          }
        }
        if (!any) {
          return false;
        }
      }
    }
    return true;
  }

  /** Criteria passed {@link #requireSupported}. */
  private static boolean matchesAny(SearchParameterRegistry.Param param, List<? extends Base> values,
      IQueryParameterType wanted) {
    switch (param.kind()) {
      case TOKEN -> {
        TokenParam token = (TokenParam) wanted;
        return values.stream().anyMatch(v -> tokenMatches(v, token));
      }
      case REFERENCE -> {
        ReferenceParam ref = (ReferenceParam) wanted;
        return values.stream().anyMatch(v -> referenceMatches(v, ref, param.targetType()));
      }
      case DATE -> {
        DateParam date = (DateParam) wanted;
        return values.stream().map(SearchEngine::rangeOf).filter(Objects::nonNull)
            .anyMatch(r -> dateMatches(r, date));
      }
      default -> throw new IllegalStateException();
    }
  }

  // ---- token -------------------------------------------------------------------------------------------------

  private static boolean tokenMatches(Base value, TokenParam token) {
    String system = token.getSystem();
    String code = token.getValue();
    if (value instanceof CodeableConcept cc) {
      return cc.getCoding().stream().anyMatch(c -> codeMatches(c.getSystem(), c.getCode(), system, code));
    }
    if (value instanceof Coding c) {
      return codeMatches(c.getSystem(), c.getCode(), system, code);
    }
    if (value instanceof Identifier id) {
      return codeMatches(id.getSystem(), id.getValue(), system, code);
    }
    if (value instanceof Enumeration<?> e) {
      return codeMatches(e.getSystem(), e.getValueAsString(), system, code);
    }
    if (value instanceof PrimitiveType<?> p) {
      return codeMatches(null, p.getValueAsString(), system, code);
    }
    return false;
  }

  /** system null: any system; system "": no system; value empty: any value in that system. */
  private static boolean codeMatches(String haveSystem, String haveCode, String system, String code) {
    if (system != null) {
      if (system.isEmpty()) {
        if (haveSystem != null && !haveSystem.isEmpty()) {
          return false;
        }
      } else if (!system.equals(haveSystem)) {
        return false;
      }
    }
    return code == null || code.isEmpty() || code.equals(haveCode);
  }

  // ---- reference ---------------------------------------------------------------------------------------------

  private static boolean referenceMatches(Base value, ReferenceParam wanted, String targetType) {
    if (!(value instanceof Reference ref) || !ref.hasReference()) {
      return false;
    }
    IdType have = new IdType(ref.getReference());
    String haveType = have.getResourceType();
    if (targetType != null && !targetType.equals(haveType)) {
      return false;
    }
    String wantedType = wanted.getResourceType();
    if (wantedType != null && !wantedType.equals(haveType)) {
      return false;
    }
    return Objects.equals(wanted.getIdPart(), have.getIdPart());
  }

  // ---- date --------------------------------------------------------------------------------------------------

  /** [low, high) in epoch millis; open ends are Long.MIN_VALUE / Long.MAX_VALUE. */
  record Range(long low, long high) {}

  static Range rangeOf(Base value) {
    if (value instanceof BaseDateTimeType dt && dt.getValue() != null) {
      return new Range(dt.getValue().getTime(), dt.getPrecision().add(dt.getValue(), 1).getTime());
    }
    if (value instanceof Period p) {
      Range start = p.hasStart() ? rangeOf(p.getStartElement()) : null;
      Range end = p.hasEnd() ? rangeOf(p.getEndElement()) : null;
      if (start == null && end == null) {
        return null;
      }
      return new Range(start == null ? Long.MIN_VALUE : start.low(), end == null ? Long.MAX_VALUE : end.high());
    }
    return null;
  }

  private static boolean dateMatches(Range have, DateParam wanted) {
    TemporalPrecisionEnum precision = wanted.getPrecision();
    long low = wanted.getValue().getTime();
    long high = precision.add(wanted.getValue(), 1).getTime();
    ParamPrefixEnum prefix = wanted.getPrefix() == null ? ParamPrefixEnum.EQUAL : wanted.getPrefix();
    return switch (prefix) {
      case EQUAL -> have.low() >= low && have.high() <= high;
      case NOT_EQUAL -> !(have.low() >= low && have.high() <= high);
      case GREATERTHAN -> have.high() > high;
      case LESSTHAN -> have.low() < low;
      case GREATERTHAN_OR_EQUALS -> have.high() > low;
      case LESSTHAN_OR_EQUALS -> have.low() < high;
      case STARTS_AFTER -> have.low() >= high;
      case ENDS_BEFORE -> have.high() <= low;
      case APPROXIMATE -> have.low() < high && have.high() > low;
    };
  }

  // ---- sort --------------------------------------------------------------------------------------------------

  private static Comparator<Resource> comparator(String type, SortSpec sort) {
    Comparator<Resource> result = null;
    for (SortSpec s = sort; s != null; s = s.getChain()) {
      String name = s.getParamName();
      SearchParameterRegistry.Param param = SearchParameterRegistry.param(type, name)
          .filter(p -> p.kind() == SearchParameterRegistry.Kind.DATE)
          .orElseThrow(() -> new InvalidRequestException("Sorting by '" + name + "' is not supported for " + type
              + "; supported: its date parameters " + dateParams(type)));
      boolean descending = s.getOrder() == SortOrderEnum.DESC;
      Comparator<Resource> next = Comparator.comparing(r -> sortKey(param, r, descending),
          descending ? Comparator.nullsLast(Comparator.<Long>reverseOrder())
              : Comparator.nullsLast(Comparator.<Long>naturalOrder()));
      result = result == null ? next : result.thenComparing(next);
    }
    return result;
  }

  private static Long sortKey(SearchParameterRegistry.Param param, Resource r, boolean descending) {
    Long key = null;
    for (Base v : param.values().apply(r)) {
      Range range = rangeOf(v);
      if (range == null) {
        continue;
      }
      long k = descending ? range.high() : range.low();
      key = key == null ? k : descending ? Math.max(key, k) : Math.min(key, k);
    }
    return key;
  }

  private static List<String> dateParams(String type) {
    return SearchParameterRegistry.paramsFor(type).values().stream()
        .filter(p -> p.kind() == SearchParameterRegistry.Kind.DATE).map(SearchParameterRegistry.Param::name)
        .toList();
  }
}

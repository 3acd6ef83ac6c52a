package org.signet.services.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The EHR's behaviour behind the HAPI doors: read, search, (conditional) create, update and transactions,
 * with the checks a production server makes before anything is stored.
 */
public final class SandboxFhirService {

  /** What a create did: stored a new resource, or found exactly one match for its If-None-Exist criteria. */
  public record CreateResult(Resource resource, boolean created) {}

  private final FhirContext ctx;
  private final ResourceStore store;
  private final SearchEngine engine;
  private final WriteValidator validator;

  public SandboxFhirService(FhirContext ctx, ResourceStore store) {
    this.ctx = ctx;
    this.store = store;
    this.engine = new SearchEngine(store);
    this.validator = new WriteValidator(ctx);
  }

  public FhirContext fhirContext() {
    return ctx;
  }

  public Resource read(String type, IdType id) {
    Resource r = store.read(type, id.getIdPart());
    if (r == null) {
      throw new ResourceNotFoundException(new IdType(type, id.getIdPart()));
    }
    return r;
  }

  /** The store's own instances (see {@link SearchEngine#search}): copy before handing any out. */
  public List<Resource> search(SearchCriteria criteria, SortSpec sort) {
    return engine.search(criteria, sort);
  }

  public CreateResult create(Resource resource, String ifNoneExist) {
    String type = resource.fhirType();
    return store.withWriteLock(() -> {
      if (ifNoneExist != null && !ifNoneExist.isBlank()) {
        String existing = singleMatchOrNull(type, ifNoneExist, "If-None-Exist");
        if (existing != null) {
          return new CreateResult(store.read(type, existing), false);
        }
      }
      // The server assigns the id of a created resource; a client-supplied id is ignored (FHIR http create).
      resource.setId(new IdType(type, store.newId()));
      validator.validate(resource, store::exists, type);
      return new CreateResult(store.put(resource, new Date()), true);
    });
  }

  public Resource update(IdType id, Resource resource) {
    String type = resource.fhirType();
    if (id == null || !id.hasIdPart()) {
      throw new InvalidRequestException("Update needs a resource id in the URL");
    }
    return store.withWriteLock(() -> {
      Resource current = store.read(type, id.getIdPart());
      if (current == null) {
        throw new MethodNotAllowedException("Resource " + type + "/" + id.getIdPart() + " does not exist and this "
            + "server does not allow clients to choose ids (update-as-create is not supported)");
      }
      checkIfMatch(current, id.getVersionIdPart(), type + "/" + id.getIdPart());
      resource.setId(new IdType(type, id.getIdPart()));
      validator.validate(resource, store::exists, type);
      return store.put(resource, new Date());
    });
  }

  /** An all-or-nothing transaction: every entry is checked before any is stored; one failure stores nothing. */
  public Bundle transaction(Bundle request) {
    if (request == null || request.getType() != Bundle.BundleType.TRANSACTION) {
      throw new InvalidRequestException("Only Bundle.type = transaction is supported (batch is not)");
    }
    return store.withWriteLock(() -> {
      List<Pending> pending = new ArrayList<>();
      Map<String, String> placeholders = new HashMap<>();
      Set<String> staged = new HashSet<>();
      for (int i = 0; i < request.getEntry().size(); i++) {
        Bundle.BundleEntryComponent entry = request.getEntry().get(i);
        Pending p = plan(entry, i);
        pending.add(p);
        if (entry.hasFullUrl()) {
          if (placeholders.put(entry.getFullUrl(), p.type + "/" + p.id) != null) {
            throw new InvalidRequestException("Bundle.entry[" + i + "]: fullUrl " + entry.getFullUrl()
                + " appears more than once");
          }
        }
        if (p.kind != Pending.Kind.MATCHED_EXISTING) {
          staged.add(p.type + "/" + p.id);
        }
      }
      for (Pending p : pending) {
        if (p.kind == Pending.Kind.MATCHED_EXISTING) {
          continue;
        }
        for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(p.resource, Reference.class)) {
          String target = ref.hasReference() ? placeholders.get(ref.getReference()) : null;
          if (target != null) {
            ref.setReference(target);
          }
        }
        p.resource.setId(new IdType(p.type, p.id));
        validator.validate(p.resource, (type, id) -> staged.contains(type + "/" + id) || store.exists(type, id),
            "Bundle.entry[" + p.index + "].resource(" + p.type + ")");
      }
      Date now = new Date();
      Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
      for (Pending p : pending) {
        Resource stored = p.kind == Pending.Kind.MATCHED_EXISTING ? store.read(p.type, p.id) : store.put(p.resource,
            now);
        String version = stored.getMeta().getVersionId();
        response.addEntry().getResponse()
            .setStatus(p.kind == Pending.Kind.CREATE ? "201 Created" : "200 OK")
            .setLocation(p.type + "/" + p.id + "/_history/" + version)
            .setEtag("W/\"" + version + "\"")
            .setLastModified(stored.getMeta().getLastUpdated());
      }
      return response;
    });
  }

  private Pending plan(Bundle.BundleEntryComponent entry, int index) {
    String where = "Bundle.entry[" + index + "]";
    if (!entry.hasRequest() || !entry.getRequest().hasMethod() || !entry.getRequest().hasUrl()) {
      throw new InvalidRequestException(where + ": request.method and request.url are required in a transaction");
    }
    Bundle.HTTPVerb method = entry.getRequest().getMethod();
    String url = entry.getRequest().getUrl();
    if (method != Bundle.HTTPVerb.POST && method != Bundle.HTTPVerb.PUT) {
      throw new InvalidRequestException(where + ": request.method " + method.toCode()
          + " is not supported in a transaction by this server (POST and PUT are)");
    }
    Resource resource = entry.getResource();
    if (resource == null) {
      throw new InvalidRequestException(where + ": a " + method.toCode() + " entry needs a resource");
    }
    String type = resource.fhirType();
    if (!SearchParameterRegistry.isSupportedType(type)) {
      throw new InvalidRequestException(where + ": resource type " + type + " is not supported by this server");
    }
    if (method == Bundle.HTTPVerb.POST) {
      if (!url.equals(type)) {
        throw new InvalidRequestException(where + ": request.url '" + url + "' must be '" + type + "' for a POST");
      }
      if (entry.getRequest().hasIfNoneExist()) {
        String existing = singleMatchOrNull(type, entry.getRequest().getIfNoneExist(), where + ".request.ifNoneExist");
        if (existing != null) {
          return new Pending(index, Pending.Kind.MATCHED_EXISTING, type, existing, null);
        }
      }
      return new Pending(index, Pending.Kind.CREATE, type, store.newId(), resource);
    }
    if (url.contains("?")) {
      throw new InvalidRequestException(where + ": conditional update is not supported by this server");
    }
    IdType id = new IdType(url);
    if (!type.equals(id.getResourceType()) || !id.hasIdPart()) {
      throw new InvalidRequestException(where + ": request.url '" + url + "' must be '" + type + "/[id]' for a PUT");
    }
    if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id.getIdPart())) {
      throw new InvalidRequestException(where + ": resource id " + resource.getIdElement().getIdPart()
          + " does not match request.url " + url);
    }
    Resource current = store.read(type, id.getIdPart());
    if (current == null) {
      throw new MethodNotAllowedException(where + ": " + type + "/" + id.getIdPart() + " does not exist and this "
          + "server does not allow update-as-create");
    }
    if (entry.getRequest().hasIfMatch()) {
      checkIfMatch(current, versionFromEtag(entry.getRequest().getIfMatch()), where + " " + url);
    }
    return new Pending(index, Pending.Kind.UPDATE, type, id.getIdPart(), resource);
  }

  /** Caller holds the write lock. 0 matches: null; 1: its id; several: 412 as the FHIR spec requires. */
  private String singleMatchOrNull(String type, String criteria, String where) {
    SearchCriteria parsed = SearchCriteria.parse(ctx, type, criteria);
    List<String> ids = engine.matchingIdsLocked(parsed);
    if (ids.size() > 1) {
      throw new PreconditionFailedException(where + ": criteria '" + criteria + "' match " + ids.size() + " "
          + type + " resources; a conditional create needs at most one match");
    }
    return ids.isEmpty() ? null : ids.get(0);
  }

  private static void checkIfMatch(Resource current, String wantedVersion, String what) {
    if (wantedVersion != null && !wantedVersion.equals(current.getMeta().getVersionId())) {
      throw new PreconditionFailedException(what + ": version " + wantedVersion + " was asked for (If-Match) but "
          + "the current version is " + current.getMeta().getVersionId());
    }
  }

  private static String versionFromEtag(String etag) {
    String v = etag.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    return v.replace("\"", "");
  }

  private static final class Pending {
    enum Kind { CREATE, UPDATE, MATCHED_EXISTING }

    final int index;
    final Kind kind;
    final String type;
    final String id;
    final Resource resource;

    Pending(int index, Kind kind, String type, String id, Resource resource) {
      this.index = index;
      this.kind = kind;
      this.type = type;
      this.id = id;
      this.resource = resource;
    }
  }
}

package org.signet.services.ehr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The sandbox EHR's data: an in-memory, versioned resource store.
 *
 * <p>Thread safety: one read-write lock. Reads and searches share it; every write, and a whole transaction Bundle,
 * holds the write lock, which is what makes a transaction all-or-nothing and conditional creates race-free.
 * Resources go in and come out as copies, so nothing outside can change what is stored.
 *
 * <p>Two indexes keep a patient's searches from reading every resource of a type: by id, and by the patient each
 * resource's {@code patient} search parameter references ({@link SearchEngine#patientIdsOf}). Both answer in store
 * order, the order a full scan gives.
 */
public final class ResourceStore {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, LinkedHashMap<String, Resource>> byType = new LinkedHashMap<>();
  /** "Type/id" of seeded resources of types the sandbox does not serve, so references to them are not dangling. */
  private final Set<String> unservedSeedIds = new HashSet<>();
  /** Per type: when each id was first stored, which is its place in the type's table (a new version keeps it). */
  private final Map<String, Map<String, Long>> positions = new HashMap<>();
  /** Per type: patient id → ids of the resources whose {@code patient} search parameter references that patient. */
  private final Map<String, Map<String, Set<String>>> byPatient = new HashMap<>();
  private long nextPosition;

  private Map<String, LinkedHashMap<String, Resource>> seed = Map.of();
  private Set<String> seedUnserved = Set.of();

  public ResourceStore() {
    SearchParameterRegistry.SUPPORTED_TYPES.forEach(type -> byType.put(type, new LinkedHashMap<>()));
  }

  /** Remembers the current content as the seed that {@link #resetToSeed()} restores. */
  public void markAsSeed() {
    withWriteLock(() -> {
      seed = deepCopy(byType);
      seedUnserved = Set.copyOf(unservedSeedIds);
      return null;
    });
  }

  public void resetToSeed() {
    withWriteLock(() -> {
      byType.clear();
      byType.putAll(deepCopy(seed));
      unservedSeedIds.clear();
      unservedSeedIds.addAll(seedUnserved);
      positions.clear();
      byPatient.clear();
      byType.forEach((type, table) -> table.values().forEach(r -> index(null, r)));
      return null;
    });
  }

  public <R> R withWriteLock(Supplier<R> work) {
    lock.writeLock().lock();
    try {
      return work.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  public <R> R withReadLock(Supplier<R> work) {
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of the current version, or null. */
  public Resource read(String type, String id) {
    return withReadLock(() -> {
      Resource r = table(type).get(id);
      return r == null ? null : r.copy();
    });
  }

  public boolean exists(String type, String id) {
    return withReadLock(() -> (byType.containsKey(type) && table(type).containsKey(id))
        || unservedSeedIds.contains(type + "/" + id));
  }

  /** The stored instances of a type, not copies: callers must hold the read lock and must not modify them. */
  public List<Resource> scanLocked(String type) {
    return new ArrayList<>(table(type).values());
  }

  /** The stored instances with these ids, in store order; the same contract as {@link #scanLocked}. */
  public List<Resource> byIdsLocked(String type, Set<String> ids) {
    return inStoreOrder(type, ids);
  }

  /**
   * The stored instances whose {@code patient} search parameter references one of these patients, in store order;
   * the same contract as {@link #scanLocked}.
   */
  public List<Resource> ofPatientsLocked(String type, Set<String> patientIds) {
    Map<String, Set<String>> index = byPatient.getOrDefault(type, Map.of());
    Set<String> ids = new HashSet<>();
    for (String patientId : patientIds) {
      ids.addAll(index.getOrDefault(patientId, Set.of()));
    }
    return inStoreOrder(type, ids);
  }

  private List<Resource> inStoreOrder(String type, Set<String> ids) {
    LinkedHashMap<String, Resource> table = table(type);
    Map<String, Long> position = positions.getOrDefault(type, Map.of());
    List<Resource> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      Resource r = table.get(id);
      if (r != null) {
        found.add(r);
      }
    }
    found.sort(Comparator.comparing(r -> position.get(r.getIdElement().getIdPart())));
    return found;
  }

  /** Keeps both indexes true after {@code now} replaced {@code before} (null: a new id). Caller holds the write lock. */
  private void index(Resource before, Resource now) {
    String type = now.fhirType();
    String id = now.getIdElement().getIdPart();
    positions.computeIfAbsent(type, t -> new HashMap<>()).computeIfAbsent(id, i -> nextPosition++);
    Map<String, Set<String>> index = byPatient.computeIfAbsent(type, t -> new HashMap<>());
    if (before != null) {
      for (String patientId : SearchEngine.patientIdsOf(before)) {
        Set<String> ids = index.get(patientId);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
          index.remove(patientId);
        }
      }
    }
    for (String patientId : SearchEngine.patientIdsOf(now)) {
      index.computeIfAbsent(patientId, p -> new HashSet<>()).add(id);
    }
  }

  public String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Stores a new version of {@code resource} (its id must be set) and returns a copy of what was stored.
   * Version 1 when the id is new, else the current version + 1.
   */
  public Resource put(Resource resource, Date now) {
    return withWriteLock(() -> {
      String type = resource.fhirType();
      String id = resource.getIdElement().getIdPart();
      Resource current = table(type).get(id);
      long version = current == null ? 1 : Long.parseLong(current.getMeta().getVersionId()) + 1;
      Resource stored = resource.copy();
      stored.setId(new IdType(type, id, Long.toString(version)));
      stored.getMeta().setVersionId(Long.toString(version));
      stored.getMeta().setLastUpdated(now);
      table(type).put(id, stored);
      index(current, stored);
      return stored.copy();
    });
  }

  /** Seeding only: stores as-is, keeping the resource's meta. */
  void putSeed(Resource resource) {
    withWriteLock(() -> {
      Resource before = table(resource.fhirType()).put(resource.getIdElement().getIdPart(), resource);
      index(before, resource);
      return null;
    });
  }

  void addUnservedSeedId(String typeAndId) {
    withWriteLock(() -> unservedSeedIds.add(typeAndId));
  }

  public Map<String, Integer> counts() {
    return withReadLock(() -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      byType.forEach((type, table) -> counts.put(type, table.size()));
      return counts;
    });
  }

  private LinkedHashMap<String, Resource> table(String type) {
    LinkedHashMap<String, Resource> table = byType.get(type);
    if (table == null) {
      throw new IllegalArgumentException("Resource type not served by the sandbox: " + type);
    }
    return table;
  }

  private static Map<String, LinkedHashMap<String, Resource>> deepCopy(Map<String, LinkedHashMap<String, Resource>> src) {
    Map<String, LinkedHashMap<String, Resource>> copy = new LinkedHashMap<>();
    src.forEach((type, table) -> {
      LinkedHashMap<String, Resource> t = new LinkedHashMap<>();
      table.forEach((id, r) -> t.put(id, r.copy()));
      copy.put(type, t);
    });
    return copy;
  }
}

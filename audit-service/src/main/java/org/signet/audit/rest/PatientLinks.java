package org.signet.audit.rest;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The pseudonymized side of Signet (scribe, signoff) never holds a patient's EHR reference: it names the patient by
 * its vault's token. The trail links the two: tokenization's {@code vault.create} event pairs a vault with the EHR
 * patient, and every later event names the vault or the draft made from it. This follows those links, so that a
 * patient's trail includes the drafts and model calls made for them.
 */
final class PatientLinks {

    private PatientLinks() {}

    /** What names one patient in the trail: the reference itself, the patient's vaults and their drafts. */
    record Linked(String patientRef, Set<String> vaultIds, Set<String> draftIds) {

        Set<String> resources() {
            Set<String> resources = new LinkedHashSet<>();
            vaultIds.forEach(id -> resources.add("vault/" + id));
            draftIds.forEach(id -> resources.add("draft/" + id));
            return resources;
        }
    }

    static Uni<Linked> of(Mutiny.StatelessSession session, String patientRef) {
        return session.createSelectionQuery("select r.resource from AuditRecord r where r.action = 'vault.create' "
                + "and r.patientRef = :patient", String.class).setParameter("patient", patientRef).getResultList()
                .chain(resources -> {
                    Set<String> vaults = new LinkedHashSet<>();
                    resources.stream().filter(r -> r != null && r.startsWith("vault/"))
                            .forEach(r -> vaults.add(r.substring("vault/".length())));
                    if (vaults.isEmpty()) {
                        return Uni.createFrom().item(new Linked(patientRef, Set.of(), Set.of()));
                    }
                    return session.createSelectionQuery("select distinct r.draftId from AuditRecord r "
                            + "where r.vaultId in :vaults and r.draftId is not null", String.class)
                            .setParameter("vaults", vaults).getResultList()
                            .map(drafts -> new Linked(patientRef, vaults, new LinkedHashSet<>(drafts)));
                });
    }

    /** The EHR patient of each vault id the trail knows (from its {@code vault.create} event). */
    static Uni<Map<String, String>> patientsOfVaults(Mutiny.StatelessSession session, Set<String> vaultIds) {
        if (vaultIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> resources = new LinkedHashSet<>();
        vaultIds.forEach(id -> resources.add("vault/" + id));
        return session.createSelectionQuery("select r.resource, r.patientRef from AuditRecord r "
                + "where r.action = 'vault.create' and r.resource in :resources", Object[].class)
                .setParameter("resources", resources).getResultList()
                .map(rows -> {
                    Map<String, String> patients = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        patients.put(((String) row[0]).substring("vault/".length()), (String) row[1]);
                    }
                    return patients;
                });
    }
}

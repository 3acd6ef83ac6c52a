package org.signet.audit.rest;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.signet.audit.chain.AuditRecord;

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

    /**
     * The EHR patient of each record that names one only by token: through the record's vault, or through its draft
     * and the vault that draft was made from. Records that name the EHR patient themselves, or that the trail cannot
     * link, are absent from the answer.
     */
    static Uni<Map<Long, String>> resolve(Mutiny.StatelessSession session, List<AuditRecord> records) {
        Set<String> drafts = new LinkedHashSet<>();
        for (AuditRecord record : records) {
            if (!namesPatient(record) && vaultOf(record) == null && draftOf(record) != null) {
                drafts.add(draftOf(record));
            }
        }
        Uni<Map<String, String>> vaultOfDraft = drafts.isEmpty() ? Uni.createFrom().item(Map.of())
                : session.createSelectionQuery("select distinct r.draftId, r.vaultId from AuditRecord r "
                        + "where r.draftId in :drafts and r.vaultId is not null", Object[].class)
                        .setParameter("drafts", drafts).getResultList().map(rows -> {
                            Map<String, String> vaults = new LinkedHashMap<>();
                            rows.forEach(row -> vaults.put((String) row[0], (String) row[1]));
                            return vaults;
                        });
        return vaultOfDraft.chain(draftVaults -> {
            Map<Long, String> vaultOfRecord = new LinkedHashMap<>();
            for (AuditRecord record : records) {
                if (namesPatient(record)) {
                    continue;
                }
                // a record of neither a vault nor a draft (an auditor's own search) links to no patient; Map.of()
                // refuses a null key, so it is not asked
                String vault = vaultOf(record) != null ? vaultOf(record)
                        : draftOf(record) != null ? draftVaults.get(draftOf(record)) : null;
                if (vault != null) {
                    vaultOfRecord.put(record.seq, vault);
                }
            }
            if (vaultOfRecord.isEmpty()) {
                return Uni.createFrom().item(Map.<Long, String>of());
            }
            Set<String> resources = new LinkedHashSet<>();
            vaultOfRecord.values().forEach(id -> resources.add("vault/" + id));
            return session.createSelectionQuery("select r.resource, r.patientRef from AuditRecord r "
                    + "where r.action = 'vault.create' and r.resource in :resources", Object[].class)
                    .setParameter("resources", resources).getResultList().map(rows -> {
                        Map<String, String> patientOfVault = new LinkedHashMap<>();
                        rows.forEach(row -> patientOfVault.put(((String) row[0]).substring("vault/".length()),
                                (String) row[1]));
                        Map<Long, String> patients = new LinkedHashMap<>();
                        vaultOfRecord.forEach((seq, vault) -> {
                            if (patientOfVault.containsKey(vault)) {
                                patients.put(seq, patientOfVault.get(vault));
                            }
                        });
                        return patients;
                    });
        });
    }

    private static boolean namesPatient(AuditRecord record) {
        return record.patientRef != null && record.patientRef.startsWith("Patient/");
    }

    private static String vaultOf(AuditRecord record) {
        if (record.vaultId != null) {
            return record.vaultId;
        }
        return record.resource != null && record.resource.startsWith("vault/")
                ? record.resource.substring("vault/".length()) : null;
    }

    private static String draftOf(AuditRecord record) {
        if (record.draftId != null) {
            return record.draftId;
        }
        return record.resource != null && record.resource.startsWith("draft/")
                ? record.resource.substring("draft/".length()) : null;
    }
}

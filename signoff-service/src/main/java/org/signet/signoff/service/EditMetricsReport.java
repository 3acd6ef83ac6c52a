package org.signet.signoff.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The pilot's question, "does it save time?": per clinician, note type, model and prompt-template version, how many
 * notes were signed, how much of each AI draft was changed, and how long review took.
 */
@ApplicationScoped
public class EditMetricsReport {

    /** One group. Ratios are word edit distance over the longer text (0 unchanged, 1 rewritten). */
    public record Group(String clinician, String noteType, String providerId, String modelName, String modelVersion,
            String promptTemplateId, Integer promptTemplateVersion, long count, double meanEditRatio,
            double meanWordEditDistance, long medianMsToSign, long p90MsToSign) {}

    public Uni<List<Group>> aggregate(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("""
                select clinician, note_type, provider_id, model_name, model_version, prompt_template_id,
                       prompt_template_version, count(*), avg(edit_ratio), avg(word_edit_distance),
                       percentile_cont(0.5) within group (order by ms_to_sign),
                       percentile_cont(0.9) within group (order by ms_to_sign)
                from signoff.edit_metric where true""");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            sql.append(" and signed_at >= ?").append(params.size());
        }
        if (to != null) {
            params.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            sql.append(" and signed_at < ?").append(params.size());
        }
        sql.append(" group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7");
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            var query = session.<Object[]>createNativeQuery(sql.toString(), Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        })).map(rows -> rows.stream().map(EditMetricsReport::group).toList());
    }

    private static Group group(Object[] r) {
        return new Group((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                r[6] == null ? null : ((Number) r[6]).intValue(), ((Number) r[7]).longValue(),
                ((Number) r[8]).doubleValue(), ((Number) r[9]).doubleValue(),
                Math.round(((Number) r[10]).doubleValue()), Math.round(((Number) r[11]).doubleValue()));
    }
}

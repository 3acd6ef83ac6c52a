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

    /**
     * One week of decided drafts of one provider, model version and prompt template: the signal that a model or
     * template update made drafts worse. {@code week} is the Monday (UTC) the week starts; ratios and times are over
     * signed notes, the rejection rate over signed and rejected ones.
     */
    public record Week(String week, String providerId, String modelName, String modelVersion, String promptTemplateId,
            Integer promptTemplateVersion, long signed, long rejected, double rejectionRate, Double meanEditRatio,
            Double meanWordEditDistance, Long medianMsToSign) {}

    /** Drafts decided (signed or rejected) since {@code from}, week by week, oldest first. */
    public Uni<List<Week>> weekly(Instant from) {
        String sql = """
                select to_char(date_trunc('week', coalesce(q.signed_at, q.rejected_at) at time zone 'UTC'),
                               'YYYY-MM-DD'),
                       q.provider_id, q.model_name, q.model_version, q.prompt_template_id, q.prompt_template_version,
                       count(*) filter (where q.signed_at is not null),
                       count(*) filter (where q.rejected_at is not null and q.signed_at is null),
                       avg(m.edit_ratio), avg(m.word_edit_distance),
                       percentile_cont(0.5) within group (order by m.ms_to_sign)
                from signoff.queue_item q left join signoff.edit_metric m on m.draft_id = q.draft_id
                where coalesce(q.signed_at, q.rejected_at) >= ?1
                group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6""";
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .<Object[]>createNativeQuery(sql, Object[].class)
                .setParameter(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).getResultList()))
                .map(rows -> rows.stream().map(EditMetricsReport::week).toList());
    }

    private static Week week(Object[] r) {
        long signed = ((Number) r[6]).longValue();
        long rejected = ((Number) r[7]).longValue();
        return new Week((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                r[5] == null ? null : ((Number) r[5]).intValue(), signed, rejected,
                signed + rejected == 0 ? 0 : (double) rejected / (signed + rejected),
                r[8] == null ? null : ((Number) r[8]).doubleValue(), r[9] == null ? null : ((Number) r[9]).doubleValue(),
                r[10] == null ? null : Math.round(((Number) r[10]).doubleValue()));
    }

    private static Group group(Object[] r) {
        return new Group((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                r[6] == null ? null : ((Number) r[6]).intValue(), ((Number) r[7]).longValue(),
                ((Number) r[8]).doubleValue(), ((Number) r[9]).doubleValue(),
                Math.round(((Number) r[10]).doubleValue()), Math.round(((Number) r[11]).doubleValue()));
    }
}

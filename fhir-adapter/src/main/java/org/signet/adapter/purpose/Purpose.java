package org.signet.adapter.purpose;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One immutable version of a purpose (minimum-necessary rules for one kind of note). */
@Entity
@Table(name = "purpose")
public class Purpose extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;

    public String id;

    public int version;

    public boolean active;

    @Column(name = "display_name")
    public String displayName;

    /** HL7 v3 ActReason code, e.g. {@code TREAT}. */
    @Column(name = "purpose_of_use")
    public String purposeOfUse;

    @JdbcTypeCode(SqlTypes.JSON)
    public PurposeDefinition definition;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    /** The admin's user name when the version was saved ({@code createdBy} is the token's subject). */
    @Column(name = "created_by_name")
    public String createdByName;

    @Column(name = "change_note")
    public String changeNote;

    /** The newest version of every purpose, ordered by id. */
    public static Uni<List<Purpose>> latestVersions() {
        return list("from Purpose p where p.version = (select max(q.version) from Purpose q where q.id = p.id) "
                + "order by p.id");
    }

    public static Uni<Purpose> latest(String id) {
        return find("id = ?1 order by version desc", id).firstResult();
    }
}

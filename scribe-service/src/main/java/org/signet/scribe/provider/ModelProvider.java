package org.signet.scribe.provider;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A model endpoint Signet may draft with, and the attestations that decide whether PHI-bearing prompts may go. */
@Entity
@Table(name = "model_provider")
public class ModelProvider extends PanacheEntityBase {

    @Id
    public String id;

    /** {@code openai-compatible}, {@code anthropic}, {@code local-gguf} or {@code extractive}. */
    public String kind;

    public String endpoint;

    public String model;

    @Column(name = "model_version")
    public String modelVersion;

    /**
     * Registered as local: its kind and endpoint were on-premises by the operator's configuration when it was
     * registered (see {@link ProviderLocality}; never the API caller's say-so). Checked again at every call.
     */
    public boolean local;

    /** Who signed the BAA on the vendor's side. */
    @Column(name = "baa_counterparty")
    public String baaCounterparty;

    @Column(name = "baa_reference")
    public String baaReference;

    @Column(name = "baa_effective")
    public LocalDate baaEffective;

    @Column(name = "baa_expires")
    public LocalDate baaExpires;

    @Column(name = "no_training")
    public boolean noTraining;

    @Column(name = "telemetry_off")
    public boolean telemetryOff;

    @Column(name = "retention_days")
    public Integer retentionDays;

    public boolean enabled;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    /** Days a BAA expiring within this many days is warned about. */
    public static final int BAA_WARNING_DAYS = 30;

    /**
     * For an admin: a remote provider whose BAA ends within {@link #BAA_WARNING_DAYS} days (after which its calls are
     * refused), or has ended; null otherwise.
     */
    @JsonProperty("baaWarning")
    public String baaWarning() {
        if (local || baaExpires == null) {
            return null;
        }
        long days = ChronoUnit.DAYS.between(LocalDate.now(ZoneOffset.UTC), baaExpires);
        String baa = "The BAA " + (baaReference == null ? "" : baaReference + " ");
        if (days < 0) {
            return baa + "expired on " + baaExpires + "; this provider is refused until a new one is recorded.";
        }
        if (days > BAA_WARNING_DAYS) {
            return null;
        }
        return baa + "expires on " + baaExpires + (days == 0 ? " (today)" : " (in " + days + (days == 1 ? " day)"
                : " days)")) + "; after that this provider is refused.";
    }

    public static Uni<List<ModelProvider>> allById() {
        return list("order by id");
    }
}

package org.signet.adapter.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.jboss.logging.Logger;

/**
 * What the EHR says it can search, from its CapabilityStatement (read at first need, kept ten minutes): so a purpose
 * whose searches the EHR cannot answer is refused with the type or parameter named, instead of being sent and failing
 * (or, on a lenient server, silently ignoring a filter and returning more than the purpose allows). Parameters that
 * begin with "_" ({@code _id}, {@code _count}, {@code _elements}, {@code _sort}) are common to every type and not
 * looked up. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class EhrCapabilities {

    private static final Logger LOG = Logger.getLogger(EhrCapabilities.class);
    private static final Duration KEEP = Duration.ofMinutes(10);

    /** Search parameter names by resource type, as the EHR declares them. */
    private record Declared(Map<String, Set<String>> searchParams, Instant until) {}

    private final EhrClient ehr;
    private volatile Declared declared;

    public EhrCapabilities(EhrClient ehr) {
        this.ehr = ehr;
    }

    /**
     * What of {@code type} searched by {@code params} the EHR does not declare ("resource type X", "search parameter
     * 'p' on X"), or empty when it declares all of it. A CapabilityStatement that cannot be read blocks nothing here:
     * the searches themselves then report the EHR's answer.
     */
    public Optional<String> missing(String type, Set<String> params) {
        Declared current = current();
        if (current == null) {
            return Optional.empty();
        }
        Set<String> searchable = current.searchParams().get(type);
        if (searchable == null) {
            return Optional.of("resource type " + type);
        }
        for (String param : new TreeSet<>(params)) {
            if (!param.startsWith("_") && !searchable.contains(param)) {
                return Optional.of("search parameter '" + param + "' on " + type);
            }
        }
        return Optional.empty();
    }

    private Declared current() {
        Declared now = declared;
        if (now != null && now.until().isAfter(Instant.now())) {
            return now;
        }
        try {
            now = new Declared(read(ehr.capabilities()), Instant.now().plus(KEEP));
            declared = now;
            return now;
        } catch (EhrException e) {
            LOG.warnf("the EHR's CapabilityStatement could not be read (%s); purposes are not checked against it",
                    e.getMessage());
            return null;
        }
    }

    static Map<String, Set<String>> read(CapabilityStatement statement) {
        Map<String, Set<String>> byType = new HashMap<>();
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            if (rest.getMode() != null && rest.getMode() != CapabilityStatement.RestfulCapabilityMode.SERVER) {
                continue;
            }
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                Set<String> names = byType.computeIfAbsent(resource.getType(), t -> new HashSet<>());
                resource.getSearchParam().forEach(p -> names.add(p.getName()));
            }
        }
        return byType;
    }
}

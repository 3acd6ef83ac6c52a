package org.signet.kit;

import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.signet.contracts.ProblemTypes;

/**
 * A request that parses but cannot be accepted, field by field: answered 422 with every problem in {@code detail}
 * and, as extension member {@code errors}, a list of {@code {"field": "definition.resourceRules[0].type",
 * "message": "…"}} so that a form can point at each field. Messages name fields and allowed values, never what
 * the caller typed where it could be PHI.
 */
public final class InvalidFields extends DomainException {

    /** One refused field, by its JSON path. */
    public record FieldError(String field, String message) {}

    private final List<FieldError> errors;

    public InvalidFields(List<FieldError> errors) {
        super(ProblemTypes.VALIDATION, "Unprocessable request", 422, String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    /** A bean's constraint violations, field by field (sorted by field). */
    public static InvalidFields of(Set<? extends ConstraintViolation<?>> violations) {
        return new InvalidFields(violations.stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList());
    }

    public List<FieldError> errors() {
        return errors;
    }
}

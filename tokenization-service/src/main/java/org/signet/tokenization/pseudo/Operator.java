package org.signet.tokenization.pseudo;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a rule does to the elements its path selects; the name is how rule files spell it. */
public enum Operator {
    /** Replace the value with a token ({@code [[PATIENT_NAME_1]]}); the original goes to the chart. */
    TOKEN("token", new TokenOperator()),
    /** Move a date/dateTime/instant/Period by the vault's offset, keeping precision, time and zone. */
    DATE_SHIFT("date-shift", new DateShiftOperator()),
    /** Coarsen: ZIP to three digits, ages over 89 to 90+, dates to their year. */
    GENERALIZE("generalize", new GeneralizeOperator()),
    /** Remove the element. */
    REDACT("redact", new RedactOperator()),
    /** Leave the element and everything in it as it is (no type default reaches inside). */
    KEEP("keep", new KeepOperator()),
    /** Detect PHI in the text (narrative, note, attachment...) and replace each span. */
    FREE_TEXT("free-text", new FreeTextOperator());

    private final String ruleName;
    private final ElementOperator strategy;

    Operator(String ruleName, ElementOperator strategy) {
        this.ruleName = ruleName;
        this.strategy = strategy;
    }

    public String ruleName() {
        return ruleName;
    }

    ElementOperator strategy() {
        return strategy;
    }

    public static Optional<Operator> byRuleName(String name) {
        return Arrays.stream(values()).filter(o -> o.ruleName.equals(name)).findFirst();
    }

    static String allRuleNames() {
        return Arrays.stream(values()).map(Operator::ruleName).collect(Collectors.joining(", "));
    }
}

package org.signet.tokenization.pseudo;

/**
 * Issues tokens for originals; the vault implements it (encrypting the originals), tests use
 * {@link InMemoryTokenIssuer}. One issuer belongs to one vault, i.e. one patient's draft job.
 *
 * <p>Contract: within one issuer the same {@code (tokenType, Tokens.normalise(tokenType, original))} always yields
 * the same token, formatted {@code [[TYPE_n]]} with {@code n} counting from 1 per type.
 */
public interface TokenIssuer {

    /** The token standing for {@code original}, issuing a new one on first sight. */
    String tokenFor(String tokenType, String original);

    /** This vault's date offset in days (random per patient, fixed for the issuer's lifetime; may be negative). */
    int dateShiftDays();
}

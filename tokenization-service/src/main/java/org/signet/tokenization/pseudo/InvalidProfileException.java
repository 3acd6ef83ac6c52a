package org.signet.tokenization.pseudo;

/** A pseudonymization profile that cannot be used; the message names the file and the rule. */
public final class InvalidProfileException extends RuntimeException {

    public InvalidProfileException(String message) {
        super(message);
    }

    public InvalidProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.signet.services.process;

/** A backing service could not start or stop; the message is one line that says what to do. */
public class BackingServiceException extends RuntimeException {

    public BackingServiceException(String message) {
        super(message);
    }

    public BackingServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}

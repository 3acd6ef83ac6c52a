package org.signet.audit;

import java.util.UUID;

/** How audit events name who acted: a user by their identity provider subject (a UUID), a service by client id. */
public final class Actors {

    private Actors() {}

    public static boolean isUser(String actor) {
        if (actor == null) {
            return false;
        }
        try {
            UUID.fromString(actor);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package org.signet.services.process;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JBoss LogManager, unconfigured, leaves the root logger at ALL: every library then formats each debug and trace
 * message it guards with {@code isDebugEnabled()} (Jetty's per-request connection dumps cost the sandbox EHR a
 * quarter of its CPU). Each launcher's {@code main} calls this first.
 */
public final class JvmLogging {

    private JvmLogging() {}

    /** Root logger at INFO unless {@code -Dsignet.log.level=…} names another level (FINE for debugging). */
    public static void infoAndAbove() {
        Logger.getLogger("").setLevel(Level.parse(System.getProperty("signet.log.level", "INFO")));
    }
}

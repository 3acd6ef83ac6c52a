package org.signet.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ConnectionLostTest {

    @Test
    void aRefusedResetOrClosedConnectionAnywhereInTheChainIsLost() {
        assertTrue(ConnectionLost.in(new ConnectException("Connection refused")));
        assertTrue(ConnectionLost.in(new IllegalStateException(new SocketException("Connection reset"))));
        assertTrue(ConnectionLost.in(new RuntimeException(new RuntimeException(
                new io.vertx.core.http.HttpClosedException("Connection was closed")))));
        // how Quarkus REST's client reports a connection closed under a call
        assertTrue(ConnectionLost.in(new jakarta.ws.rs.ProcessingException(new IOException("Connection was closed"))));
    }

    @Test
    void aTimeoutOrAnyOtherFailureIsNot() {
        assertFalse(ConnectionLost.in(new SocketTimeoutException("Read timed out")));
        assertFalse(ConnectionLost.in(new IOException("disk full")));
        assertFalse(ConnectionLost.in(new jakarta.ws.rs.ProcessingException(new java.io.FileNotFoundException("x"))));
        assertFalse(ConnectionLost.in(new IllegalArgumentException("bad request")));
        assertFalse(ConnectionLost.in(null));
    }
}

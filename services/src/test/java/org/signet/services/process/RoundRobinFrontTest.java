package org.signet.services.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoundRobinFrontTest {

    /** A replica that answers every connection with its name, then closes it. */
    private static ServerSocket replica(String name) throws IOException {
        ServerSocket server = new ServerSocket(0);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write(name.getBytes(StandardCharsets.UTF_8));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static String ask(int port) throws IOException {
        try (Socket socket = new Socket("localhost", port); InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(5_000); // a connection nobody answers or closes fails the test instead of hanging it
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void connectionsGoToEachReplicaInTurnAndSkipOneThatIsGone() throws Exception {
        ServerSocket a = replica("a");
        ServerSocket b = replica("b");
        int frontPort = Ports.free();
        try (RoundRobinFront front = RoundRobinFront.start("test", frontPort, List.of(a.getLocalPort(),
                b.getLocalPort()))) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(ask(frontPort));
            }
            assertEquals(List.of("a", "b", "a", "b"), answers);
            assertEquals(2, front.handedTo(a.getLocalPort()));

            b.close(); // killed: its port refuses, and the front hands everything to a
            for (int i = 0; i < 3; i++) {
                assertEquals("a", ask(frontPort));
            }
            assertEquals(2, front.handedTo(b.getLocalPort()));

            a.close(); // none left: the caller's connection is closed at once, as with nobody listening
            assertEquals("", ask(frontPort));
            assertEquals(5, front.handedTo(a.getLocalPort()));
        } finally {
            a.close();
            b.close();
        }
        assertThrows(IOException.class, () -> ask(frontPort), "a closed front no longer listens");
    }

    @Test
    void closingWhileCallersConnectLeavesNoneWaiting() throws Exception {
        ServerSocket a = replica("a");
        try {
            for (int round = 0; round < 30; round++) {
                int frontPort = Ports.free();
                RoundRobinFront front = RoundRobinFront.start("closing", frontPort, List.of(a.getLocalPort()));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> hung = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            ask(frontPort);
                        } catch (SocketTimeoutException e) {
                            hung.set(e); // accepted but never answered nor closed
                            return;
                        } catch (IOException refusedOrReset) {
                            // after close: the expected outcome
                        }
                    }
                });
                caller.start();
                Thread.sleep(5);
                front.close();
                stop.set(true);
                caller.join(15_000);
                assertFalse(caller.isAlive(), "a caller still waits on the closed front");
                assertNull(hung.get(), "round " + round + ": a connection was accepted and then left open");
            }
        } finally {
            a.close();
        }
    }
}

package org.signet.services.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RoundRobinFrontTest {

    /**
     * A replica that answers every connection with its name, then closes it. Closing it waits for its accepting
     * thread: until that thread leaves accept(), the kernel still takes connections on the closed socket.
     */
    private static final class Replica implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        Replica(String name) throws IOException {
            server = new ServerSocket(0);
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                        out.write(name.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String ask(int port) throws IOException {
        try (Socket socket = new Socket("localhost", port); InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(5_000); // a connection nobody answers or closes fails the test instead of hanging it
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void connectionsGoToEachReplicaInTurnAndSkipOneThatIsGone() throws Exception {
        Replica a = new Replica("a");
        Replica b = new Replica("b");
        int frontPort = Ports.free();
        try (RoundRobinFront front = RoundRobinFront.start("test", frontPort, List.of(a.port(), b.port()))) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(ask(frontPort));
            }
            assertEquals(List.of("a", "b", "a", "b"), answers);
            assertEquals(2, front.handedTo(a.port()));

            b.close(); // killed: its port refuses, and the front hands everything to a
            for (int i = 0; i < 3; i++) {
                assertEquals("a", ask(frontPort));
            }
            assertEquals(2, front.handedTo(b.port()));

            a.close(); // none left: the caller's connection is closed at once, as with nobody listening
            assertEquals("", ask(frontPort));
            assertEquals(5, front.handedTo(a.port()));
        } finally {
            a.close();
            b.close();
        }
        assertThrows(IOException.class, () -> ask(frontPort), "a closed front no longer listens");
    }

    /**
     * Closing while callers connect: every connection the front accepted is closed, none left for its caller to wait
     * on. (Asked of the front, not of the callers: a caller whose handshake the kernel completed in the instant the
     * listening socket closed may wait on a connection no program ever accepted.)
     */
    @Test
    void closingWhileCallersConnectLeavesNoAcceptedConnectionOpen() throws Exception {
        Replica a = new Replica("a");
        try {
            for (int round = 0; round < 30; round++) {
                int frontPort = Ports.free();
                RoundRobinFront front = RoundRobinFront.start("closing", frontPort, List.of(a.port()));
                AtomicBoolean stop = new AtomicBoolean();
                Thread caller = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            ask(frontPort);
                        } catch (IOException refusedResetOrTimedOut) {
                            // after close: expected
                        }
                    }
                });
                caller.start();
                Thread.sleep(5);
                front.close();
                stop.set(true);
                caller.join(15_000);
                assertEquals(0, front.connectionsLeftOpen(), "round " + round + ": a connection left open");
            }
        } finally {
            a.close();
        }
    }
}

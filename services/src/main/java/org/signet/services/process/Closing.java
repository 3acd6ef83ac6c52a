package org.signet.services.process;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Closing several processes at once: each one's stop waits on its own shutdown (a Kafka consumer's grace and so on). */
public final class Closing {

    private Closing() {}

    /** Closes every one of {@code closeables} side by side and returns once all are closed; a failure is printed. */
    public static void together(Collection<? extends AutoCloseable> closeables) {
        if (closeables.size() <= 1) {
            closeables.forEach(Closing::quietly);
            return;
        }
        ExecutorService closers = Executors.newFixedThreadPool(closeables.size(), task -> {
            Thread thread = new Thread(task, "closing");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> closing = closeables.stream()
                    .map(closeable -> CompletableFuture.runAsync(() -> quietly(closeable), closers)).toList();
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        } finally {
            closers.shutdown();
        }
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("could not stop " + closeable + ": " + e.getMessage());
        }
    }
}

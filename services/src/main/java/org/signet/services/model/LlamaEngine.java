package org.signet.services.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One GGUF model loaded once through llama.cpp ({@code de.kherud:llama}), and the queue in front of it: one
 * generation at a time, at most {@code maxQueue} more waiting; beyond that {@link #enter} refuses at once.
 */
final class LlamaEngine implements AutoCloseable {

    /** What to generate. {@code temperature} 0 is greedy (deterministic); a seed makes sampling repeatable. */
    record Generation(String prompt, int maxTokens, float temperature, Float topP, Integer seed,
            List<String> stop) {}

    /** Token counts exclude the BOS token llama.cpp adds in front of the prompt. */
    record Result(String text, int promptTokens, int completionTokens, String finishReason) {}

    /** Receives text as it is generated; may throw (client gone), which cancels the generation. */
    interface Deltas {
        void accept(String text) throws IOException;
    }

    /** The queue is full, or the wait for the model took too long. */
    static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlamaModel model;
    private final int contextSize;
    private final boolean useChatTemplate;
    private final Semaphore model1 = new Semaphore(1, true);
    private final AtomicInteger admitted = new AtomicInteger();
    private final int maxQueue;
    private final long maxWaitMillis;
    private final AtomicInteger generating = new AtomicInteger();
    private final AtomicInteger maxConcurrentSeen = new AtomicInteger();
    private boolean closed;

    LlamaEngine(Path modelFile, int threads, int contextSize, boolean useChatTemplate, int maxQueue,
            long maxWaitMillis) {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("model file not found: " + modelFile.toAbsolutePath());
        }
        ensureTmpDir();
        this.contextSize = contextSize;
        this.useChatTemplate = useChatTemplate;
        this.maxQueue = maxQueue;
        this.maxWaitMillis = maxWaitMillis;
        this.model = new LlamaModel(new ModelParameters()
                .setModel(modelFile.toString())
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setCtxSize(contextSize)
                .setGpuLayers(0)
                .setParallel(1)
                .disableLog());
    }

    /** llama unpacks its native library into {@code java.io.tmpdir} (or {@code de.kherud.llama.tmpdir}). */
    private static void ensureTmpDir() {
        String dir = System.getProperty("de.kherud.llama.tmpdir", System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary directory " + dir
                    + " that llama.cpp's native library is unpacked into", e);
        }
    }

    /**
     * Takes a place in the queue and waits for the model. Close the returned slot to give the model back.
     *
     * @throws Busy when {@code maxQueue} requests already wait, or the wait exceeds the configured maximum
     */
    Slot enter() throws Busy, InterruptedException {
        if (admitted.incrementAndGet() > 1 + maxQueue) {
            admitted.decrementAndGet();
            throw new Busy("the model is busy: " + maxQueue + " requests are already waiting; retry later");
        }
        boolean acquired = false;
        try {
            acquired = model1.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS);
            if (!acquired) {
                throw new Busy("the model is busy: waited " + maxWaitMillis + " ms for it; retry later");
            }
            return new Slot();
        } finally {
            if (!acquired) {
                admitted.decrementAndGet();
            }
        }
    }

    /** Requests admitted (generating or waiting). */
    int admitted() {
        return admitted.get();
    }

    /** The most generations ever seen running at once (1 unless the queue is broken). */
    int maxConcurrentSeen() {
        return maxConcurrentSeen.get();
    }

    int contextSize() {
        return contextSize;
    }

    /** Exclusive use of the model; only one exists at a time. */
    final class Slot implements AutoCloseable {
        private boolean closed;

        /** The prompt for {@code messages}: the model's chat template if configured, else {@link ChatPrompt#plain}. */
        String prompt(List<ChatPrompt.Message> messages) {
            if (!useChatTemplate) {
                return ChatPrompt.plain(messages);
            }
            ObjectNode request = JSON.createObjectNode();
            ArrayNode array = request.putArray("messages");
            for (ChatPrompt.Message message : messages) {
                array.addObject().put("role", message.role().equals("developer") ? "system" : message.role())
                        .put("content", message.content());
            }
            return model.applyTemplate(request.toString());
        }

        /** Prompt length in tokens (without BOS). */
        int countTokens(String text) {
            return model.encode(text).length;
        }

        Result generate(Generation generation, int promptTokens, Deltas deltas) throws IOException {
            int running = generating.incrementAndGet();
            maxConcurrentSeen.accumulateAndGet(running, Math::max);
            try {
                return run(generation, promptTokens, deltas);
            } finally {
                generating.decrementAndGet();
            }
        }

        private Result run(Generation generation, int promptTokens, Deltas deltas) throws IOException {
            InferenceParameters parameters = new InferenceParameters(generation.prompt())
                    .setNPredict(generation.maxTokens())
                    .setTemperature(generation.temperature())
                    .setCachePrompt(false);
            if (generation.topP() != null) {
                parameters.setTopP(generation.topP());
            }
            if (generation.seed() != null) {
                parameters.setSeed(generation.seed());
            }
            if (!generation.stop().isEmpty()) {
                parameters.setStopStrings(generation.stop().toArray(String[]::new));
            }
            LlamaIterator outputs = model.generate(parameters).iterator();
            StringBuilder text = new StringBuilder();
            int tokens = 0;
            boolean finished = false;
            try {
                while (outputs.hasNext()) {
                    LlamaOutput output = outputs.next();
                    // Every output but the last carries one sampled token (its text may be held back while it could
                    // still be part of a stop string); the last one only says "stopped".
                    if (outputs.hasNext()) {
                        tokens++;
                    }
                    if (!output.text.isEmpty()) {
                        text.append(output.text);
                        deltas.accept(output.text);
                    }
                }
                finished = true;
            } finally {
                if (!finished) {
                    outputs.cancel();
                }
            }
            // llama.cpp does not report why it stopped through this API: the budget used up means "length";
            // otherwise the model ended (EOS) or a stop sequence matched, both "stop" in OpenAI's terms.
            String finishReason = tokens >= generation.maxTokens() ? "length" : "stop";
            return new Result(text.toString(), promptTokens, tokens, finishReason);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                model1.release();
                admitted.decrementAndGet();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}

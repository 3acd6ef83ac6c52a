package org.signet.services.model;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.signet.services.process.JvmLogging;

/**
 * Runs {@link LocalModelServer} as its own process. Arguments:
 * <pre>
 *   --model PATH             a GGUF model file (required)
 *   --model-name NAME        the id clients see (default: the file name)
 *   --port N                 0 (default) for a free port
 *   --host H                 bind address, default 127.0.0.1
 *   --threads N              inference threads, default 1 (fastest for small models on 2 cores)
 *   --context N              context size in tokens, default 512
 *   --max-tokens-cap N       default and upper bound of max_tokens, default 512
 *   --max-queue N            requests that may wait for the model, default 16; more get 503
 *   --chat-template          build prompts with the GGUF's chat template instead of "Role: text" lines
 *   --record-requests FILE   test mode: append every request body, one JSON per line; enables /admin/requests
 *   --api-key KEY            require Authorization: Bearer KEY (or set LOCAL_MODEL_API_KEY, kept out of `ps`)
 * </pre>
 * When ready, prints exactly one line to stdout: {@code LOCAL_MODEL_READY port=<port>}.
 */
public final class LocalModelServerMain {

    public static final String READY_MARKER = "LOCAL_MODEL_READY";

    private LocalModelServerMain() {}

    public static void main(String[] args) throws Exception {
        JvmLogging.infoAndAbove();
        LocalModelServer.Options options = new LocalModelServer.Options();
        String envKey = System.getenv("LOCAL_MODEL_API_KEY");
        if (envKey != null && !envKey.isBlank()) {
            options.apiKey(envKey);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--model" -> options.model(Path.of(value(args, ++i, arg)));
                case "--model-name" -> options.modelName(value(args, ++i, arg));
                case "--port" -> options.port(intValue(args, ++i, arg));
                case "--host" -> options.host(value(args, ++i, arg));
                case "--threads" -> options.threads(intValue(args, ++i, arg));
                case "--context" -> options.contextSize(intValue(args, ++i, arg));
                case "--max-tokens-cap" -> options.maxTokensCap(intValue(args, ++i, arg));
                case "--max-queue" -> options.maxQueue(intValue(args, ++i, arg));
                case "--chat-template" -> options.useChatTemplate(true);
                case "--record-requests" -> options.recordRequests(Path.of(value(args, ++i, arg)));
                case "--api-key" -> options.apiKey(value(args, ++i, arg));
                default -> fail("unknown argument: " + arg);
            }
        }
        if (options.model == null) {
            fail("--model PATH is required");
        }
        LocalModelServer server = LocalModelServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (RuntimeException e) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "local-model-shutdown"));
        System.out.println(READY_MARKER + " port=" + server.port());
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            fail(name + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String[] args, int i, String name) {
        String value = value(args, i, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail(name + " needs a number, got '" + value + "'");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("LocalModelServerMain: " + message);
        System.exit(2);
    }
}

package org.signet.services.ehr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.signet.services.process.JvmLogging;

/**
 * Runs the sandbox EHR as its own process. Arguments (each also settable as a system property
 * {@code signet.sandbox-ehr.<name>}, arguments win):
 * <pre>
 *   --port N            FHIR port, 0 (default) for a free one
 *   --admin-port N      admin port, 0 (default) for a free one; only with --enable-reset
 *   --host H            bind address, default 127.0.0.1
 *   --seed-dir DIR      Synthea data (default: ../shared/data/synthea from the repo root)
 *   --issuer URL        Keycloak realm issuer; absent = authorization disabled (unit tests only)
 *   --audience AUD      expected token audience; required with --issuer
 *   --enable-reset      admin endpoints: reset, faults, request log
 *   --request-log FILE  append every FHIR request as a JSON line
 *   --launch-app CLIENT_ID=URL
 *                       the SMART app the EHR page (/ehr/) launches; the launch secret shared with realm ehr comes
 *                       from the environment variable SIGNET_EHR_LAUNCH_SECRET, never from an argument
 * </pre>
 * When ready, prints exactly one line to stdout:
 * {@code SANDBOX_EHR_READY port=<port>} followed by {@code  admin_port=<port>} when admin is enabled.
 */
public final class SandboxEhrMain {

  /** The environment variable the launch secret reaches the child JVM in. */
  public static final String LAUNCH_SECRET_VARIABLE = "SIGNET_EHR_LAUNCH_SECRET";

  private SandboxEhrMain() {}

  public static void main(String[] args) throws Exception {
    JvmLogging.infoAndAbove();
    SandboxEhr.Options options = SandboxEhr.Options.defaults()
        .withPort(Integer.parseInt(prop("port", "0")))
        .withAdminPort(Integer.parseInt(prop("admin-port", "0")))
        .withHost(prop("host", "127.0.0.1"))
        .withAdmin(Boolean.parseBoolean(prop("enable-reset", "false")))
        .withAuthorization(prop("issuer", null), prop("audience", null));
    String seedDir = prop("seed-dir", null);
    String requestLog = prop("request-log", null);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i, arg)));
        case "--admin-port" -> options = options.withAdminPort(Integer.parseInt(value(args, ++i, arg)));
        case "--host" -> options = options.withHost(value(args, ++i, arg));
        case "--seed-dir" -> seedDir = value(args, ++i, arg);
        case "--issuer" -> options = options.withAuthorization(value(args, ++i, arg), options.audience());
        case "--audience" -> options = options.withAuthorization(options.issuer(), value(args, ++i, arg));
        case "--enable-reset" -> options = options.withAdmin(true);
        case "--request-log" -> requestLog = value(args, ++i, arg);
        case "--launch-app" -> options = options.withLaunchApp(launchApp(value(args, ++i, arg)));
        default -> throw new IllegalArgumentException("Unknown argument: " + arg);
      }
    }
    options = options.withSeedDir(seedDir != null ? Path.of(seedDir) : defaultSeedDir())
        .withRequestLog(requestLog == null ? null : Path.of(requestLog));

    if (options.issuer() == null) {
      // Also on stderr directly: the child JVM's logging may not be configured.
      System.err.println("WARN Sandbox EHR authorization is DISABLED (no --issuer): any caller may read and write."
          + " Unit tests only.");
    }
    SandboxEhr ehr = SandboxEhr.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        ehr.stop();
      } catch (Exception e) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    }, "sandbox-ehr-shutdown"));
    System.out.println("SANDBOX_EHR_READY port=" + ehr.port()
        + (ehr.adminPort() > 0 ? " admin_port=" + ehr.adminPort() : ""));
    System.out.flush();
    stopped.await();
  }

  private static String prop(String name, String fallback) {
    return System.getProperty("signet.sandbox-ehr." + name, fallback);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  /** {@code ../shared/data/synthea} next to the repository root (the nearest ancestor holding pom.xml + services/). */
  private static SandboxEhr.LaunchApp launchApp(String clientIdAndUrl) {
    int eq = clientIdAndUrl.indexOf('=');
    String secret = System.getenv(LAUNCH_SECRET_VARIABLE);
    if (eq <= 0 || secret == null || secret.length() < 32) {
      throw new IllegalArgumentException("--launch-app needs CLIENT_ID=URL and " + LAUNCH_SECRET_VARIABLE
          + " (at least 32 characters) in the environment");
    }
    return new SandboxEhr.LaunchApp(clientIdAndUrl.substring(0, eq), clientIdAndUrl.substring(eq + 1), secret);
  }

  public static Path defaultSeedDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("services"))) {
        return p.resolve("../shared/data/synthea").normalize();
      }
    }
    return dir.resolve("../shared/data/synthea").normalize();
  }
}

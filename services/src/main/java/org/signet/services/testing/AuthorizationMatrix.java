package org.signet.services.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signet.services.keycloak.KeycloakServer;

/**
 * A service's authorization matrix: every operation its {@code /q/openapi} lists × every kind of caller, each cell's
 * expected outcome declared as data in one file, checked against the running service. An operation the file does not
 * declare fails the check, so a new endpoint cannot be forgotten; a row no operation matches fails it too.
 *
 * <p>The file, a test resource, has one row per operation:
 * <pre>
 * # METHOD PATH (as /q/openapi spells it)   who passes                  exact outcomes
 * POST /v1/vaults/{id}/reidentify          service,clinician           other-clinician=403
 * GET  /launch                             public
 * param version=1
 * </pre>
 * "Who passes" names roles ({@code clinician} covers both clinicians, {@code service} every service account),
 * callers, {@code authenticated} (any valid token) or {@code public} (no token needed). A caller that passes must get past authorization: any answer but
 * 401, 403 or a 5xx (a random id then answers 404, an empty body 400). Every other caller must be refused: 401 when
 * it has no valid token of realm {@value KeycloakServer#SIGNET_REALM} for Signet's API, 403 when it has one; both as
 * problem JSON. {@code caller=STATUS} pins one cell's exact status (e.g. another clinician on a fixture the first
 * clinician owns). {@code body METHOD PATH JSON} gives an operation a valid body ({@code ${name}} in it is a fixture's value), so that checks made after the
 * body is validated (which service account may call, who owns the resource) are reached; other operations get
 * {@code {}}; {@code header METHOD PATH NAME VALUE} adds a header (e.g. {@code If-Match}). {@code param NAME=VALUE} gives a path parameter's value; the test's fixtures override it, and a
 * parameter given by neither gets a random UUID.
 */
public final class AuthorizationMatrix {

    /** Who calls: forged, expired or misdirected tokens first, then Signet's real users and service accounts. */
    public enum Caller {
        NO_TOKEN("no-token", false),
        EXPIRED("expired", false),
        OTHER_REALM("ehr-realm", false),
        WRONG_AUDIENCE("wrong-audience", false),
        ALG_NONE("alg-none", false),
        HS256_PUBLIC_KEY("hs256-public-key", false),
        CLINICIAN("clinician", true),
        OTHER_CLINICIAN("other-clinician", true),
        ADMIN("admin", true),
        AUDITOR("auditor", true),
        TOKENIZATION_SERVICE("tokenization-service", true),
        FHIR_ADAPTER("fhir-adapter", true),
        SCRIBE_SERVICE("scribe-service", true),
        SIGNOFF_SERVICE("signoff-service", true),
        AUDIT_SERVICE("audit-service", true);

        private final String label;
        private final boolean validToken;

        Caller(String label, boolean validToken) {
            this.label = label;
            this.validToken = validToken;
        }

        public String label() {
            return label;
        }

        static Caller of(String label) {
            for (Caller caller : values()) {
                if (caller.label.equals(label)) {
                    return caller;
                }
            }
            return null;
        }
    }

    /** The roles the file may name, as the callers that hold them. */
    private static final Map<String, Set<Caller>> ROLES = Map.of(
            "clinician", EnumSet.of(Caller.CLINICIAN, Caller.OTHER_CLINICIAN),
            "admin", EnumSet.of(Caller.ADMIN),
            "auditor", EnumSet.of(Caller.AUDITOR),
            "service", EnumSet.of(Caller.TOKENIZATION_SERVICE, Caller.FHIR_ADAPTER, Caller.SCRIBE_SERVICE,
                    Caller.SIGNOFF_SERVICE, Caller.AUDIT_SERVICE));
    /** The first clinician owns the fixtures; the second is "another clinician". */
    public static final String OWNER = KeycloakServer.CLINICIANS.get(0);
    public static final String OTHER = KeycloakServer.CLINICIANS.get(1);

    private static final Pattern PARAM = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Made once per JVM: it costs a wait, and it cannot go stale. */
    private static String expiredToken;

    private record Row(String method, String path, Set<Caller> passers, Map<Caller, Integer> exact, int line) {}

    /** What a check found: the cells it asked and the ones that did not answer as declared. */
    public record Report(String service, int cells, List<String> failures) {

        /** Fails with every wrong cell listed; otherwise prints the count of cells checked. */
        public Report assertAsDeclared() {
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " of " + cells + " authorization cells of " + service
                        + " are not as declared:\n  " + String.join("\n  ", failures));
            }
            System.out.println("authz-matrix " + service + " cells=" + cells);
            return this;
        }
    }

    private final String service;
    private final List<Row> rows;
    private final Map<String, String> params;

    private final Map<String, String> bodies;
    private final Map<String, List<String[]>> headers;

    private AuthorizationMatrix(String service, List<Row> rows, Map<String, String> params,
            Map<String, String> bodies, Map<String, List<String[]>> headers) {
        this.service = service;
        this.rows = rows;
        this.params = params;
        this.bodies = bodies;
        this.headers = headers;
    }

    /** Reads the matrix from a class-path resource, e.g. {@code /authz-matrix.txt}. */
    public static AuthorizationMatrix load(String service, String resource) {
        InputStream in = AuthorizationMatrix.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no authorization matrix at " + resource);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        Map<String, List<String[]>> headers = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                String line = text.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+");
                if (fields[0].equals("body") && fields.length >= 4) {
                    String[] parts = line.split("\\s+", 4);
                    bodies.put(parts[1].toUpperCase(Locale.ROOT) + " " + parts[2], parts[3]);
                    continue;
                }
                if (fields[0].equals("header") && fields.length >= 5) {
                    String[] parts = line.split("\\s+", 5);
                    headers.computeIfAbsent(parts[1].toUpperCase(Locale.ROOT) + " " + parts[2], k -> new ArrayList<>())
                            .add(new String[] {parts[3], parts[4]});
                    continue;
                }
                if (fields[0].equals("param") && fields.length == 2 && fields[1].contains("=")) {
                    params.put(fields[1].substring(0, fields[1].indexOf('=')),
                            fields[1].substring(fields[1].indexOf('=') + 1));
                    continue;
                }
                if (fields.length < 3) {
                    throw new IllegalArgumentException(resource + ":" + number + ": METHOD PATH who-passes");
                }
                Set<Caller> passers = EnumSet.noneOf(Caller.class);
                for (String who : fields[2].split(",")) {
                    if (who.equals("public")) {
                        passers.addAll(EnumSet.allOf(Caller.class));
                    } else if (who.equals("authenticated")) {
                        EnumSet.allOf(Caller.class).stream().filter(c -> c.validToken).forEach(passers::add);
                    } else if (ROLES.containsKey(who)) {
                        passers.addAll(ROLES.get(who));
                    } else if (Caller.of(who) != null && Caller.of(who).validToken) {
                        passers.add(Caller.of(who));
                    } else {
                        throw new IllegalArgumentException(resource + ":" + number + ": no role or caller '" + who + "'");
                    }
                }
                Map<Caller, Integer> exact = new EnumMap<>(Caller.class);
                for (int i = 3; i < fields.length; i++) {
                    String[] cell = fields[i].split("=", 2);
                    Caller caller = Caller.of(cell[0]);
                    if (caller == null || cell.length != 2 || !cell[1].matches("[1-5]\\d\\d")) {
                        throw new IllegalArgumentException(resource + ":" + number + ": not caller=STATUS: " + fields[i]);
                    }
                    exact.put(caller, Integer.parseInt(cell[1]));
                }
                rows.add(new Row(fields[0].toUpperCase(Locale.ROOT), fields[1], passers, exact, number));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new AuthorizationMatrix(service, rows, params, bodies, headers);
    }

    /**
     * Asks every cell of the service at {@code base}: each operation of its OpenAPI document, by every caller.
     * Mutating operations run after reading ones and DELETEs last; within one operation the callers that must be
     * refused go first, so a passing call (which may change the fixture) cannot change another cell's answer.
     *
     * @param fixtures path parameter values (e.g. {@code id} → a draft {@link #OWNER} owns)
     */
    public Report check(URI base, Map<String, String> fixtures) {
        List<String> failures = new ArrayList<>();
        Set<String> operations = operations(base);
        Map<String, Row> declared = new LinkedHashMap<>();
        Set<String> extras = new TreeSet<>(bodies.keySet());
        extras.addAll(headers.keySet());
        for (String key : extras) {
            if (!operations.contains(key)) {
                failures.add("a body or header for an operation not in /q/openapi: " + key);
            }
        }
        for (Row row : rows) {
            String key = row.method + " " + row.path;
            if (declared.put(key, row) != null) {
                failures.add("declared twice (line " + row.line + "): " + key);
            }
            if (!operations.contains(key)) {
                failures.add("declared but not in /q/openapi (line " + row.line + "): " + key);
            }
        }
        for (String operation : operations) {
            if (!declared.containsKey(operation)) {
                failures.add("undeclared operation (add a row saying who may call it): " + operation);
            }
        }
        List<Row> order = new ArrayList<>(declared.values());
        order.removeIf(row -> !operations.contains(row.method + " " + row.path));
        order.sort(Comparator.comparingInt(row -> switch (row.method) {
            case "GET", "HEAD", "OPTIONS" -> 0;
            case "DELETE" -> 2;
            default -> 1;
        }));
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            if (caller != Caller.NO_TOKEN) {
                tokens.put(caller, token(caller));
            }
        }
        int cells = 0;
        for (Row row : order) {
            URI uri = base.resolve(expand(row.path, fixtures));
            String body = bodies.getOrDefault(row.method + " " + row.path, "{}");
            for (Map.Entry<String, String> fixture : fixtures.entrySet()) {
                body = body.replace("${" + fixture.getKey() + "}", fixture.getValue());
            }
            List<Caller> callers = new ArrayList<>(List.of(Caller.values()));
            callers.sort(Comparator.comparing(row.passers::contains));
            for (Caller caller : callers) {
                cells++;
                String failure = cell(row, caller, tokens.get(caller), uri, body);
                if (failure != null) {
                    failures.add(row.method + " " + row.path + " as " + caller.label + ": " + failure);
                }
            }
        }
        return new Report(service, cells, failures);
    }

    private String cell(Row row, Caller caller, String token, URI uri, String requestBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Accept", "*/*");
        if (caller != Caller.NO_TOKEN) {
            request.header("Authorization", "Bearer " + token);
        }
        for (String[] header : headers.getOrDefault(row.method + " " + row.path, List.of())) {
            request.header(header[0], header[1]);
        }
        if (Set.of("POST", "PUT", "PATCH").contains(row.method)) {
            request.header("Content-Type", "application/json")
                    .method(row.method, HttpRequest.BodyPublishers.ofString(requestBody));
        } else {
            request.method(row.method, HttpRequest.BodyPublishers.noBody());
        }
        int status;
        String contentType;
        String body;
        try {
            // Headers are enough: an event stream a passing caller opens stays open, so its body is not awaited.
            HttpResponse<InputStream> response = ClosedConnections.send(HTTP, request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                body = contentType.startsWith("text/event-stream") ? ""
                        : new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Integer exact = row.exact.get(caller);
        if (exact != null) {
            return status == exact ? refusalShape(status, contentType, body) : "expected " + exact + ", got " + status;
        }
        if (row.passers.contains(caller)) {
            return status == 401 || status == 403 || status >= 500 ? "expected to pass, got " + status : null;
        }
        int expected = caller.validToken ? 403 : 401;
        return status == expected ? refusalShape(status, contentType, body) : "expected " + expected + ", got " + status;
    }

    /** A refusal is problem JSON; any other status pinned by the file is checked by its number alone. */
    private static String refusalShape(int status, String contentType, String body) {
        if (status != 401 && status != 403) {
            return null;
        }
        try {
            ProblemAssertions.assertProblem(status, status, contentType, body);
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private String expand(String path, Map<String, String> fixtures) {
        Matcher matcher = PARAM.matcher(path);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = fixtures.getOrDefault(name, params.getOrDefault(name, UUID.randomUUID().toString()));
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(encoded));
        }
        matcher.appendTail(expanded);
        return expanded.toString().startsWith("/") ? expanded.substring(1) : expanded.toString();
    }

    /** "METHOD /path" of every operation the service's OpenAPI document lists. */
    private static Set<String> operations(URI base) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("q/openapi?format=json"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/openapi answered " + response.statusCode());
            }
            Set<String> operations = new TreeSet<>();
            JsonNode paths = JSON.readTree(response.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase(Locale.ROOT);
                    if (Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS").contains(method)) {
                        operations.add(method + " " + path.getKey());
                    }
                }
            }
            return operations;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(Caller caller) {
        return switch (caller) {
            case NO_TOKEN -> throw new IllegalArgumentException("no token");
            case EXPIRED -> expiredToken();
            case OTHER_REALM -> KeycloakTokens.otherRealm(OWNER);
            case WRONG_AUDIENCE -> KeycloakTokens.wrongAudience(OWNER);
            case ALG_NONE -> KeycloakTokens.unsigned(OWNER);
            case HS256_PUBLIC_KEY -> KeycloakTokens.hs256WithPublicKey(OWNER);
            case CLINICIAN -> KeycloakTokens.user(OWNER);
            case OTHER_CLINICIAN -> KeycloakTokens.user(OTHER);
            case ADMIN -> KeycloakTokens.user(KeycloakServer.ADMIN);
            case AUDITOR -> KeycloakTokens.user(KeycloakServer.AUDITOR);
            default -> KeycloakTokens.service(caller.label);
        };
    }

    private static synchronized String expiredToken() {
        if (expiredToken == null) {
            expiredToken = KeycloakTokens.expired(OWNER);
        }
        return expiredToken;
    }
}

package org.signet.kit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consumer-driven contracts between the services' REST APIs, checked in both builds: a consumer's contract
 * ({@code contracts/src/main/resources/api-contracts/<provider>/<consumer>.json}) says which operations its REST
 * client calls, which JSON fields it sends and which it reads. The consumer's test asserts that its client interface
 * still is what its contract says ({@link #describe}); the provider's test asserts that its resource serves every
 * consumer's contract ({@link #unmetBy}): each operation exists, every field a consumer sends is one the provider
 * reads, every field the provider requires is sent, and every field a consumer reads is one the provider writes.
 * A rename on either side then fails a build, not a clinic.
 *
 * <p>An operation is its HTTP method and path, path parameters written {@code {}} (their names are each side's
 * own). Fields are JSON property paths of the request and response records: {@code values[].type} is the
 * {@code type} of each element of {@code values}. A method answering {@code Response} names its body's type with
 * MicroProfile OpenAPI's {@code @APIResponseSchema}.
 */
public final class ApiContracts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> REQUIRED = Set.of("jakarta.validation.constraints.NotNull",
            "jakarta.validation.constraints.NotBlank", "jakarta.validation.constraints.NotEmpty");

    private ApiContracts() {}

    /** One call: what is sent and what is read (the consumer's side) or written (the provider's). */
    public record Operation(String method, String path, Set<String> sends, Set<String> reads) {
        public Operation {
            // sorted, so that a contract reads and prints the same however its sets were made
            sends = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(sends));
            reads = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(reads));
        }
    }

    /** What a consumer declared it calls of a provider. */
    public record Contract(String consumer, String provider, List<Operation> operations) {}

    /** A contract as committed in the contracts module. */
    public static Contract load(String provider, String consumer) {
        String resource = "/api-contracts/" + provider + "/" + consumer + ".json";
        try (InputStream in = ApiContracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no contract " + resource + " in the contracts module");
            }
            return JSON.readValue(in, Contract.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Every consumer's contract with {@code provider}. */
    public static List<Contract> loadAll(String provider, Collection<String> consumers) {
        return consumers.stream().map(consumer -> load(provider, consumer)).toList();
    }

    /** Several JAX-RS interfaces or resource classes (one consumer's clients of one provider) as one list. */
    public static List<Operation> describe(Class<?>... apis) {
        List<Operation> operations = new ArrayList<>();
        for (Class<?> api : apis) {
            operations.addAll(describe(api));
        }
        operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return operations;
    }

    /** A JAX-RS interface or resource class as its operations, in path order. */
    public static List<Operation> describe(Class<?> api) {
        String base = pathOf(api).orElse("");
        List<Operation> operations = new ArrayList<>();
        for (Method method : api.getMethods()) {
            Optional<String> verb = httpMethod(method);
            if (verb.isEmpty()) {
                continue;
            }
            String path = normalise(base + pathOf(method).orElse(""));
            Set<String> sends = new TreeSet<>();
            for (Parameter parameter : method.getParameters()) {
                if (isBody(parameter)) {
                    fields(parameter.getParameterizedType(), "", sends);
                }
            }
            Set<String> reads = new TreeSet<>();
            fields(answered(method), "", reads);
            operations.add(new Operation(verb.get(), path, sends, reads));
        }
        operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return operations;
    }

    /**
     * What {@code provider} (its resource classes) fails of {@code contract}, one line each; empty when it serves
     * it all. {@code required} are the fields the provider requires of a request, by operation.
     */
    public static List<String> unmetBy(List<Operation> provider, Map<String, Set<String>> required, Contract contract) {
        List<String> unmet = new ArrayList<>();
        for (Operation wanted : contract.operations()) {
            String key = wanted.method() + " " + wanted.path();
            Optional<Operation> served = provider.stream()
                    .filter(o -> o.method().equals(wanted.method()) && o.path().equals(wanted.path())).findFirst();
            if (served.isEmpty()) {
                unmet.add(contract.consumer() + ": " + key + " is not served");
                continue;
            }
            for (String field : wanted.sends()) {
                if (!served.get().sends().contains(field)) {
                    unmet.add(contract.consumer() + ": " + key + " sends " + field + ", which is not read");
                }
            }
            for (String field : required.getOrDefault(key, Set.of())) {
                // a list or object is sent when any field within it is
                if (wanted.sends().stream().noneMatch(sent -> sent.equals(field) || sent.startsWith(field + "[].")
                        || sent.startsWith(field + "."))) {
                    unmet.add(contract.consumer() + ": " + key + " does not send " + field + ", which is required");
                }
            }
            for (String field : wanted.reads()) {
                if (!served.get().reads().contains(field)) {
                    unmet.add(contract.consumer() + ": " + key + " reads " + field + ", which is not answered");
                }
            }
        }
        return unmet;
    }

    /** The request fields each operation of {@code api} requires ({@code @NotNull}, {@code @NotBlank}, {@code @NotEmpty}). */
    public static Map<String, Set<String>> required(Class<?> api) {
        String base = pathOf(api).orElse("");
        Map<String, Set<String>> required = new TreeMap<>();
        for (Method method : api.getMethods()) {
            Optional<String> verb = httpMethod(method);
            if (verb.isEmpty()) {
                continue;
            }
            Set<String> fields = new TreeSet<>();
            for (Parameter parameter : method.getParameters()) {
                if (isBody(parameter)) {
                    requiredFields(parameter.getParameterizedType(), "", fields);
                }
            }
            required.put(verb.get() + " " + normalise(base + pathOf(method).orElse("")), fields);
        }
        return required;
    }

    /**
     * Empty while {@code clients} still do what {@code consumer}'s committed contract with {@code provider} says;
     * otherwise where the contract is and what to commit there, for the consumer's test to fail with.
     */
    public static Optional<String> drift(String provider, String consumer, Class<?>... clients) {
        Contract described = new Contract(consumer, provider, describe(clients));
        if (described.equals(load(provider, consumer))) {
            return Optional.empty();
        }
        return Optional.of("contracts/src/main/resources/api-contracts/" + provider + "/" + consumer + ".json no "
                + "longer says what the clients do; if the change is meant, commit this there (" + provider
                + "'s build then checks that it serves it):\n" + asJson(described));
    }

    /** The contract as its JSON file holds it, for a consumer's test to print when it no longer matches. */
    public static String asJson(Contract contract) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(contract);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- reflection over JAX-RS and records ---

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            String name = annotation.annotationType().getSimpleName();
            if (HTTP_METHODS.contains(name) && annotation.annotationType().getPackageName().equals("jakarta.ws.rs")) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pathOf(java.lang.reflect.AnnotatedElement element) {
        jakarta.ws.rs.Path path = element.getAnnotation(jakarta.ws.rs.Path.class);
        return Optional.ofNullable(path).map(jakarta.ws.rs.Path::value);
    }

    /** {@code /v1/vaults/{id}/tokens} and {@code /v1/vaults/{vaultId}/tokens} are one path: {@code /v1/vaults/{}/tokens}. */
    static String normalise(String path) {
        String joined = ("/" + path).replaceAll("/+", "/").replaceAll("\\{[^}]*}", "{}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The request body: the one parameter no JAX-RS or RESTEasy Reactive annotation binds to something else. */
    private static boolean isBody(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            String pkg = annotation.annotationType().getPackageName();
            if (pkg.startsWith("jakarta.ws.rs") || pkg.startsWith("org.jboss.resteasy.reactive")) {
                return false;
            }
        }
        return !parameter.getType().getPackageName().startsWith("jakarta.ws.rs")
                && !parameter.getType().getPackageName().startsWith("io.vertx");
    }

    /** The body type a method answers: {@code Uni<X>} is X; {@code Response}, its {@code @APIResponseSchema}. */
    private static Type answered(Method method) {
        Type type = method.getGenericReturnType();
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw
                && raw.getName().equals("io.smallrye.mutiny.Uni")) {
            type = generic.getActualTypeArguments()[0];
        }
        if (type == jakarta.ws.rs.core.Response.class) {
            for (Annotation annotation : method.getAnnotations()) {
                if (annotation.annotationType().getName()
                        .equals("org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema")) {
                    try {
                        return (Class<?>) annotation.annotationType().getMethod("value").invoke(annotation);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return Void.class; // a status and headers only
        }
        return type;
    }

    private static void fields(Type type, String prefix, Set<String> into) {
        Class<?> raw = raw(type);
        if (raw != null && raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                String name = prefix + component.getName();
                Type element = elementOf(component.getGenericType());
                if (element != null && raw(element) != null && raw(element).isRecord()) {
                    fields(element, name + "[].", into);
                } else if (raw(component.getGenericType()).isRecord()) {
                    fields(component.getGenericType(), name + ".", into);
                } else {
                    into.add(name);
                }
            }
        } else if (elementOf(type) != null && raw(elementOf(type)) != null && raw(elementOf(type)).isRecord()) {
            fields(elementOf(type), prefix + "[].", into);
        } else if (raw != null && raw != Void.class && raw != void.class && !prefix.isEmpty()) {
            into.add(prefix);
        }
    }

    private static void requiredFields(Type type, String prefix, Set<String> into) {
        Class<?> raw = raw(type);
        if (raw == null || !raw.isRecord()) {
            return;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = prefix + component.getName();
            boolean required;
            try {
                required = isRequired(raw.getDeclaredField(component.getName()).getAnnotations())
                        || isRequired(component.getAccessor().getAnnotations());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            Type element = elementOf(component.getGenericType());
            if (element != null && raw(element) != null && raw(element).isRecord()) {
                requiredFields(element, name + "[].", into);
                if (required) {
                    into.add(name);
                }
            } else if (required) {
                into.add(name);
            }
        }
    }

    private static boolean isRequired(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (REQUIRED.contains(annotation.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> plain) {
            return plain;
        }
        return null;
    }

    /** The element type of a collection type; null for anything else. */
    private static Type elementOf(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> plain
                && Collection.class.isAssignableFrom(plain)) {
            return generic.getActualTypeArguments()[0];
        }
        return null;
    }
}

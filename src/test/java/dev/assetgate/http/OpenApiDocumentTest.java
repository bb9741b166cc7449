package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at /openapi.json lists exactly the routes the server registers (read from
 * Javalin's router at run time), so adding a route without documenting it, or documenting one that does
 * not exist, fails here. How to add a route to the document: docs/development.md.
 */
@WithServer
class OpenApiDocumentTest {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Registered for every path but not operations of their own: the CORS pre-flight (described in info) and the before-filter. */
    private static final Set<String> NOT_OPERATIONS = Set.of("OPTIONS /<path>", "BEFORE *");
    private static TestServer server;
    private static JsonNode doc;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        Api.Response r = server.anonymous.get("/openapi.json");
        assertThat(r.status()).as("GET /openapi.json without a key").isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        doc = r.json();
    }

    @Test
    void listsExactlyTheRegisteredRoutes() {
        Set<String> registered = new TreeSet<>();
        for (String route : server.routes()) {
            if (NOT_OPERATIONS.contains(route)) continue;
            registered.add(route.replaceAll("<([a-z_]+)>", "{$1}"));
        }
        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                if (!path.getValue().has(method)) continue;
                for (String version : List.of("v4", "v5")) {
                    documented.add(method.toUpperCase() + " " + path.getKey().replace("{version}", version));
                }
            }
        });
        assertThat(registered).as("registered routes").hasSizeGreaterThan(100);
        assertThat(documented).as("routes missing from openapi.json").containsAll(registered);
        assertThat(registered).as("routes in openapi.json that the server does not register").containsAll(documented);
    }

    @Test
    void isOpenApi31WithTheKeySchemeAndTheErrorEnvelope() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        JsonNode key = doc.path("components").path("securitySchemes").path("FilerobotKey");
        assertThat(Map.of("type", key.path("type").asText(), "in", key.path("in").asText(), "name", key.path("name").asText()))
                .isEqualTo(Map.of("type", "apiKey", "in", "header", "name", RouteTable.KEY_HEADER));
        JsonNode error = doc.path("components").path("schemas").path("Error");
        Set<String> codes = new TreeSet<>();
        error.path("properties").path("code").path("enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).as("error codes in the envelope schema")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ApiError.values()).map(Enum::name).toList());
    }

    @Test
    void everyOperationAnswersErrorsWithTheEnvelope() {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) return;
            assertThat(op.getValue().path("responses").path("default").path("$ref").asText())
                    .as("%s %s default response", op.getKey(), path.getKey()).isEqualTo("#/components/responses/Error");
            assertThat(op.getValue().path("summary").asText()).as("%s %s summary", op.getKey(), path.getKey()).isNotBlank();
        }));
    }
}

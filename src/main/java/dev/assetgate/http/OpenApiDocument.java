package dev.assetgate.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the whole HTTP API, {@code openapi.json} on the classpath, served as
 * it is at {@code GET /openapi.json}. It is written by hand; OpenApiDocumentTest fails when it and the
 * registered routes differ, so a new route cannot be left out of it.
 */
public final class OpenApiDocument {
    public static final String RESOURCE = "/openapi.json";
    private static final byte[] BODY = load();

    private OpenApiDocument() {}

    public static void serve(Context ctx) {
        ctx.contentType("application/json").result(BODY);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

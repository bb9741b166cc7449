package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Request reading and response writing shared by every routes class. */
public final class HttpSupport {
    static final String JSON = "application/json";
    /** Javalin's threshold: answers shorter than this are never compressed. */
    private static final int COMPRESSED_FROM = 1500;
    private static final byte[] NOTHING = new byte[0];
    /** The headers DeliveryRoutes sets to describe a file (its length, range, validators, name), removed from an error in its place. */
    private static final List<String> FILE_HEADERS =
            List.of("Content-Length", "Content-Range", "ETag", "Last-Modified", "Content-Disposition", "Accept-Ranges", "X-Derivative-Cache");
    private final long maxJsonBytes;

    public HttpSupport(long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    /** A query parameter, with an empty value treated as absent (clients send q=&mime=&format=). */
    static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A whole-number query parameter from min to max, {@code fallback} when absent; INVALID_PARAMETER otherwise. */
    static int number(Context ctx, String name, int fallback, int min, int max) {
        String text = query(ctx, name);
        if (text == null) return fallback;
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.INVALID_PARAMETER.with(name + " must be a whole number from " + min + " to " + max);
    }

    /**
     * Refuses a query string that percent-encodes bytes that are not UTF-8 ("%FF%FE"): the lenient
     * decoder turns them into U+FFFD and the request would act on a name nobody sent. (Jetty already
     * refuses such a path, with 400 before any route runs.)
     */
    static void refuseMalformedQuery(Context ctx) {
        String raw = ctx.queryString();
        if (raw != null && raw.indexOf('%') >= 0 && !decodesAsUtf8(raw)) {
            throw ApiError.INVALID_PARAMETER.with("the query string has a malformed %-escape or percent-encodes bytes that are not UTF-8",
                    "Percent-encode the UTF-8 bytes of each character (%C3%A9 for \u00e9).");
        }
    }

    private static boolean decodesAsUtf8(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c < 0x80 ? c : '?'); // not an escape: only the escaped bytes are in question
            } else if (i + 2 < raw.length() && HexFormat.isHexDigit(raw.charAt(i + 1)) && HexFormat.isHexDigit(raw.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    JsonNode jsonBody(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith(JSON) && !type.startsWith("text/plain")) {
            throw ApiError.UNSUPPORTED_MEDIA_TYPE.with("expected a JSON body, got Content-Type " + ctx.contentType());
        }
        return Json.parseInput(readLimited(ctx, maxJsonBytes), "request body");
    }

    ObjectNode jsonObjectBody(Context ctx) {
        JsonNode node = jsonBody(ctx);
        if (!node.isObject()) {
            throw ApiError.INVALID_JSON.with("request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Reads a whole (small) body, refusing it with 413 as soon as it passes the limit. */
    static byte[] readLimited(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw ApiError.FILE_TOO_BIG.with("request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw ApiError.FILE_TOO_BIG.with("request body exceeds the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // not e.getMessage(): Jetty's texts name its exception classes
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the request body could not be read: the client stopped sending or the connection broke");
        }
    }

    static void send(Context ctx, int status, ObjectNode body) {
        byte[] bytes = Json.bytes(body);
        if (!ctx.res().isCommitted()) ctx.res().resetBuffer(); // this answer replaces one buffered before, as ctx.result replaces one
        ctx.status(status).contentType(JSON);
        if (status >= 400) ctx.header("Cache-Control", "no-store"); // not even a failed delivery's caching: no cache keeps an error
        if (status < 400 && bytes.length < COMPRESSED_FROM) {
            buffer(ctx, bytes);
        } else {
            ctx.result(bytes); // Javalin gzips it for a client that accepts that; an error may still be replaced
        }
    }

    /**
     * A short answer goes into Jetty's response buffer, which sends it with its Content-Length when
     * the request completes, after everything the route runs after answering. Javalin's own path
     * (ctx.result) looks up response headers to decide on compression and ETags, about a fifth of
     * the server's CPU on its cheapest routes, for answers it would never compress. So send is a
     * route's last write, and a route answering conditionally with its own ETag does not use it
     * (delivery writes its bytes itself).
     */
    private static void buffer(Context ctx, byte[] bytes) {
        if (ctx.resultInputStream() != null) ctx.result(NOTHING); // a result set before is replaced, not appended
        try {
            ctx.res().getOutputStream().write(bytes); // below Jetty's aggregation size: buffered, not sent
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void sendError(Context ctx, ApiException e) {
        // What a delivery said of its file before failing is not this answer's: its length (Jetty would
        // refuse the error body and answer a bare 500 of its own), validators and file name (a cache or
        // a browser would take the error for the file).
        if (!ctx.res().isCommitted()) FILE_HEADERS.forEach(h -> ctx.res().setHeader(h, null));
        e.headers().forEach(ctx::header);
        RefusedBodies.discard(ctx); // most refusals come before the body is read: a key, a scope, a limit
        ObjectNode body = Json.object()
                .put("status", "error")
                .put("code", e.error.name())
                .put("msg", e.getMessage())
                .put("hint", e.hint)
                .put("request_id", RequestFacts.requestId(ctx));
        if (!e.fieldErrors().isEmpty()) {
            var errors = body.putArray("errors");
            e.fieldErrors().forEach(f -> errors.addObject().put("field", f.field()).put("msg", f.msg()));
        }
        ctx.header(RequestFacts.REQUEST_ID_HEADER, RequestFacts.requestId(ctx));
        send(ctx, e.error.status, body);
    }
}

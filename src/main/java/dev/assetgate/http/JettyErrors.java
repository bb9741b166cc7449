package dev.assetgate.http;

import dev.assetgate.error.ApiError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The refusals Jetty makes before any route runs (a request line it cannot parse, a URI or headers
 * too large, a body over its limit) in the error envelope, instead of Jetty's HTML page. The answer
 * is built from the status alone: Jetty's reason text can carry parser internals.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpSupport.JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store"); // as every error of ours
        response.write(true, envelope(status), callback);
    }

    /** Used when the request could not even be parsed far enough to be handled (a bad request line, huge headers). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, HttpSupport.JSON);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return envelope(status);
    }

    static ByteBuffer envelope(int status) {
        ApiError error = switch (status) {
            case 404 -> ApiError.NOT_FOUND;
            case 405 -> ApiError.METHOD_NOT_ALLOWED;
            case 413 -> ApiError.FILE_TOO_BIG;
            case 414 -> ApiError.URI_TOO_LONG;
            case 431 -> ApiError.HEADERS_TOO_LARGE;
            default -> status >= 500 ? ApiError.INTERNAL_ERROR : ApiError.BAD_REQUEST;
        };
        String body = Json.write(Json.object().put("status", "error").put("code", error.name())
                .put("msg", message(status)).put("hint", error.defaultHint));
        return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the HTTP request is malformed: its request line, a header, or the URL's %-encoding (which must be UTF-8)";
            case 413 -> "the request body is larger than the server accepts";
            case 414 -> "the URL is longer than the server accepts";
            case 431 -> "the request headers are larger than the server accepts";
            default -> "the server refused the request (HTTP " + status + ")";
        };
    }
}

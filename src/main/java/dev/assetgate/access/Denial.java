package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import java.util.Map;

/**
 * Why the decider refuses a request: the internal {@code reason} (recorded in the audit trail, never a
 * secret), the wire error with its status, the message and the hint shown to the client, and any
 * response headers (Retry-After on a limit). {@link #refusal()} is the one place a denial becomes the
 * error envelope.
 */
public record Denial(String reason, ApiError error, String message, String hint, Map<String, String> headers) {

    public Denial {
        headers = Map.copyOf(headers);
    }

    public static Denial of(String reason, ApiError error, String message, String hint) {
        return new Denial(reason, error, message, hint == null ? error.defaultHint : hint, Map.of());
    }

    /** A refusal raised by a consuming step (a counter) kept as it is, headers included. */
    static Denial from(String reason, ApiException refused) {
        return new Denial(reason, refused.error, refused.getMessage(), refused.hint, refused.headers());
    }

    public int status() {
        return error.status;
    }

    /** The exception the HTTP layer renders as the error envelope. */
    public ApiException refusal() {
        ApiException e = error.with(message, hint).reason(reason);
        headers.forEach(e::header);
        return e;
    }
}

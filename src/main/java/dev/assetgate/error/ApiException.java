package dev.assetgate.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** Thrown anywhere below the HTTP layer to answer with one {@link ApiError}; rendered as the error envelope. */
public final class ApiException extends RuntimeException {
    public final ApiError error;
    public final String hint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String reason;
    private java.util.List<FieldErrors.FieldError> fieldErrors = java.util.List.of();

    public ApiException(ApiError error, String message, String hint) {
        super(message, null, false, false);
        this.error = error;
        this.hint = hint;
    }

    /** Adds a response header to send with the error (Retry-After, RateLimit, ...). */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * The internal reason for a refusal (forged, expired, revoked_by_id, api_key_gone...), finer than
     * the wire code: recorded in the audit trail, never sent to the client.
     */
    public ApiException reason(String value) {
        this.reason = value;
        return this;
    }

    /** The reason given, else the wire code in lower case. */
    public String reason() {
        return reason != null ? reason : error.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every field in error when a body had several (the envelope's {@code errors}); empty otherwise. */
    public ApiException fieldErrors(java.util.List<FieldErrors.FieldError> value) {
        this.fieldErrors = value;
        return this;
    }

    public java.util.List<FieldErrors.FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}

package dev.assetgate.error;

/** Thrown anywhere below the HTTP layer to answer with one {@link ApiError}; rendered as the error envelope. */
public final class ApiException extends RuntimeException {
    public final ApiError error;
    public final String hint;

    public ApiException(ApiError error, String message, String hint) {
        super(message, null, false, false);
        this.error = error;
        this.hint = hint;
    }
}

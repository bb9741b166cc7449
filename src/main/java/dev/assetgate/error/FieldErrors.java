package dev.assetgate.error;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the field errors of one request body so a form gets them all in one answer (fix four
 * mistakes in one submit, not four): each check runs, an {@code INVALID_PARAMETER} it throws is noted
 * against its field, and {@link #throwIfAny()} answers once with every message. Any other error is
 * not a field error and goes through at once.
 */
public final class FieldErrors {
    /** One field's message; {@code field} is the API name of the field, e.g. {@code upload.max}. */
    public record FieldError(String field, String msg) {}

    private final List<FieldError> errors = new ArrayList<>();
    private String onlyHint = ApiError.INVALID_PARAMETER.defaultHint; // the hint a lone error came with

    /** The value {@code parse} returns, or {@code fallback} after noting its INVALID_PARAMETER against {@code field}. */
    public <T> T check(String field, Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (ApiException e) {
            if (e.error != ApiError.INVALID_PARAMETER) throw e;
            if (errors.isEmpty()) onlyHint = e.hint;
            errors.add(new FieldError(field, e.getMessage()));
            return fallback;
        }
    }

    public void add(String field, String msg) {
        if (errors.isEmpty()) onlyHint = ApiError.INVALID_PARAMETER.defaultHint;
        errors.add(new FieldError(field, msg));
    }

    /**
     * One {@code 400 INVALID_PARAMETER}: {@code msg} joins every message (the first one first, so a
     * client reading only {@code msg} still sees the field), {@code errors} lists them one per field.
     */
    public void throwIfAny() {
        if (errors.isEmpty()) return;
        String msg = String.join("; ", errors.stream().map(FieldError::msg).toList());
        String hint = errors.size() == 1 ? onlyHint : "Fix every field listed in errors (" + errors.size() + " of them).";
        throw ApiError.INVALID_PARAMETER.with(msg, hint).fieldErrors(List.copyOf(errors));
    }
}

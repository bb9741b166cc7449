package dev.assetgate.visibility;

import dev.assetgate.error.ApiError;
import java.util.Optional;

/** Whether a file or folder is served on the CDN path without credentials. */
public enum Visibility {
    PUBLIC("public", "VISIBILITY_PUBLIC"),
    NOT_PUBLIC("not_public", "VISIBILITY_ORGANISATION");

    /** The v5 wire value (and the stored value). */
    public final String wire;
    /** The v4 wire value; "not public" is Filerobot's "organisation only". */
    public final String v4;

    Visibility(String wire, String v4) {
        this.wire = wire;
        this.v4 = v4;
    }

    /** The stored or wire value; empty for anything else. */
    public static Optional<Visibility> of(String value) {
        for (Visibility v : values()) {
            if (v.wire.equals(value)) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** Parses client input, refusing anything but the two values with a message naming {@code field}. */
    public static Visibility parse(String value, String field) {
        return of(value).orElseThrow(() -> ApiError.INVALID_PARAMETER.with(
                field + " must be \"public\" or \"not_public\", got '" + value + "'"));
    }
}

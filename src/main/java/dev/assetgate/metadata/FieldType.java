package dev.assetgate.metadata;

import java.util.Arrays;
import java.util.Optional;

/** The types a metadata field can have, by their wire names (the asset picker's names). */
public enum FieldType {
    TEXT("text"),
    TEXTAREA("textarea"),
    NUMERIC("numeric"),
    BOOLEAN("boolean"),
    DATE("date"),
    SELECT_ONE("select-one"),
    MULTI_SELECT("multi-select"),
    TAGS("tags");

    public final String wire;

    FieldType(String wire) {
        this.wire = wire;
    }

    public static Optional<FieldType> parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }

    /** Select types hold values chosen from the field's options. */
    public boolean isSelect() {
        return this == SELECT_ONE || this == MULTI_SELECT;
    }

    /** Only free text has per-language values; a number or an option means the same in every language. */
    public boolean localizable() {
        return this == TEXT || this == TEXTAREA;
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(t -> t.wire).toList());
    }
}

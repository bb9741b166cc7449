package dev.assetgate.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.assetgate.error.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How select values are shown ({@code format=select:…}): {@code api} (the default, as stored) the
 * api slug, {@code internal} the option's internal id, {@code label} its label, {@code human} its
 * label with a multi-select's labels joined into one text. A value that is no longer an option
 * (removed from the model) is shown as stored, whatever the format.
 */
public final class MetaView implements UnaryOperator<JsonNode> {
    public enum Select { API, INTERNAL, LABEL, HUMAN }

    /** Shows meta exactly as stored. */
    public static final MetaView STORED = new MetaView(new MetadataModel(List.of()), Select.API);

    private final MetadataModel model;
    private final Select select;

    MetaView(MetadataModel model, Select select) {
        this.model = model;
        this.select = select;
    }

    /**
     * The select display of a {@code format} parameter: comma-, plus- or space-separated options such
     * as {@code json,regvar:api,select:internal}; other options are not about meta and are ignored.
     */
    public static Select selectOf(String format) {
        if (format == null) return Select.API;
        Select chosen = Select.API;
        for (String option : format.split("[,+ ]")) {
            String o = option.trim().toLowerCase(Locale.ROOT);
            if (o.startsWith("select:")) {
                String name = o.substring("select:".length());
                chosen = switch (name) {
                    case "api" -> Select.API;
                    case "internal" -> Select.INTERNAL;
                    case "label" -> Select.LABEL;
                    case "human" -> Select.HUMAN;
                    default -> throw ApiError.INVALID_PARAMETER.with("format: unknown select display '" + name + "'",
                            "Use select:api, select:internal, select:label or select:human.");
                };
            }
        }
        return chosen;
    }

    @Override
    public JsonNode apply(JsonNode meta) {
        if (select == Select.API || model.isFreeForm() || !meta.isObject()) {
            return meta;
        }
        ObjectNode out = ((ObjectNode) meta).deepCopy();
        for (MetaField field : model.fields()) {
            JsonNode value = meta.get(field.key());
            if (!field.type().isSelect() || value == null) continue;
            if (field.type() == FieldType.SELECT_ONE && value.isTextual()) {
                out.set(field.key(), TextNode.valueOf(show(field, value.asText())));
            } else if (field.type() == FieldType.MULTI_SELECT && value.isArray()) {
                List<String> shown = new ArrayList<>();
                value.forEach(v -> shown.add(v.isTextual() ? show(field, v.asText()) : v.toString()));
                if (select == Select.HUMAN) {
                    out.set(field.key(), TextNode.valueOf(String.join(", ", shown)));
                } else {
                    ArrayNode list = out.putArray(field.key());
                    shown.forEach(list::add);
                }
            }
        }
        return out;
    }

    private String show(MetaField field, String slug) {
        Function<MetaOption, String> shown = select == Select.INTERNAL ? MetaOption::id : MetaOption::label;
        return field.optionBySlug(slug).map(shown).orElse(slug);
    }
}

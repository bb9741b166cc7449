package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.metadata.MetaField;
import dev.assetgate.metadata.MetaOption;
import dev.assetgate.metadata.MetadataModel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The metadata model in its wire shapes: field objects, and the {@code metadata} block of GET settings (reference §5.6). */
final class MetadataJson {
    private MetadataJson() {}

    static ObjectNode field(MetaField f) {
        ObjectNode o = Json.object();
        o.put("uuid", f.uuid());
        o.put("key", f.key());
        o.put("label", f.label());
        o.put("type", f.type().wire);
        o.put("localized", f.localized());
        ArrayNode languages = o.putArray("languages");
        f.languages().forEach(languages::add);
        if (f.localized() && !f.languages().isEmpty()) {
            o.put("regional_variants_group_uuid", f.uuid());
        } else {
            o.putNull("regional_variants_group_uuid");
        }
        o.put("group", f.group());
        o.put("position", f.position());
        if (f.type().isSelect()) {
            ArrayNode options = o.putArray("options");
            for (MetaOption option : f.options()) {
                options.addObject().put("id", option.id()).put("api_slug", option.apiSlug()).put("api_value", option.apiSlug())
                        .put("label", option.label()).put("position", option.position());
            }
        }
        o.put("created_at", AssetJson.time(f.createdAt()));
        o.put("updated_at", AssetJson.time(f.updatedAt()));
        return o;
    }

    static ArrayNode fields(List<MetaField> fields) {
        ArrayNode list = Json.array();
        fields.forEach(f -> list.add(field(f)));
        return list;
    }

    /**
     * {@code {version, model:[{uuid, name, label, groups:[{uuid, name, label, fields}]}], store:{regional_variants_groups}}}:
     * one model per project whose groups hold its fields (Akeneo reads model[].groups[].fields);
     * a free-form project has an empty model. Each localized field limited to some languages has a
     * regional-variants group of its own, named by the field's uuid.
     */
    static ObjectNode settingsBlock(String projectUuid, MetadataModel model) {
        ObjectNode metadata = Json.object();
        metadata.put("version", 1);
        ArrayNode models = metadata.putArray("model");
        ArrayNode variantGroups = metadata.putObject("store").putArray("regional_variants_groups");
        if (model.isFreeForm()) {
            return metadata;
        }
        Map<String, ArrayNode> groups = new LinkedHashMap<>();
        ObjectNode root = models.addObject().put("uuid", projectUuid).put("name", "default").put("label", "Metadata");
        ArrayNode groupList = root.putArray("groups");
        for (MetaField f : model.fields()) {
            groups.computeIfAbsent(f.group(), name -> groupList.addObject()
                    .put("uuid", UUID.nameUUIDFromBytes((projectUuid + "/" + name).getBytes(StandardCharsets.UTF_8)).toString())
                    .put("name", name).put("label", name).putArray("fields")).add(field(f));
            if (f.localized() && !f.languages().isEmpty()) {
                ArrayNode variants = variantGroups.addObject().put("uuid", f.uuid()).put("label", f.label()).putArray("variants");
                f.languages().forEach(code -> variants.addObject().put("api_value", code).put("label", code));
            }
        }
        return metadata;
    }
}

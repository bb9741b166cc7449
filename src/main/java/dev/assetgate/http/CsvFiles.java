package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.FileRecord;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import dev.assetgate.error.ApiError;

/**
 * Files as CSV, written to the response as they are read (a listing with {@code format=csv},
 * {@code POST objects/export-csv}). Columns: {@code uuid, name, folder, path, type, size, created_at,
 * modified_at, url_cdn}, then {@code tags} (the labels in one language, joined with ", ") and one
 * {@code meta.<key>} column per metadata key. A meta cell is a string value as it is, or the JSON text
 * of any other value (a string that would read as JSON is written JSON-quoted), so the CSV import
 * ({@code edit/assets}) reads back exactly what was exported.
 */
final class CsvFiles implements Closeable {
    static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    private static final List<String> FIXED = List.of("uuid", "name", "folder", "path", "type", "size", "created_at", "modified_at", "url_cdn");
    private final AssetJson render;
    private final List<String> metaKeys;
    private final String tagsLang;
    private final CSVPrinter printer;

    /** Starts the answer (status 200, CSV headers) and writes the header row; {@code tagsLang} null = no tags column. */
    CsvFiles(ProjectCall call, AssetJson render, List<String> metaKeys, String tagsLang, String filename) {
        this.render = render;
        this.metaKeys = List.copyOf(metaKeys);
        this.tagsLang = tagsLang;
        call.access.countDeclared();
        call.ctx.status(200).contentType(CONTENT_TYPE).header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        List<String> header = new ArrayList<>(FIXED);
        if (tagsLang != null) header.add("tags");
        metaKeys.forEach(k -> header.add("meta." + k));
        try {
            printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(call.ctx.outputStream(), StandardCharsets.UTF_8)),
                    CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(List<FileRecord> files) {
        ArrayNode rendered = render.files(files);
        try {
            for (JsonNode f : rendered) {
                List<String> row = new ArrayList<>();
                row.add(f.path("uuid").asText());
                row.add(f.path("name").asText());
                row.add(f.path("folder").path("name").asText());
                String folder = f.path("folder").path("name").asText();
                row.add(("/".equals(folder) ? "" : folder) + "/" + f.path("name").asText());
                row.add(f.path("type").asText());
                row.add(f.path("size").path("bytes").asText());
                row.add(f.path("created_at").asText());
                row.add(f.path("modified_at").asText());
                row.add(f.path("url").path("cdn").asText());
                if (tagsLang != null) row.add(tags(f.path("tags").path(tagsLang)));
                for (String key : metaKeys) row.add(metaCell(f.path("meta").get(key)));
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tags(JsonNode inLang) {
        List<String> labels = new ArrayList<>();
        inLang.forEach(t -> labels.add(t.path("label").asText()));
        return String.join(", ", labels);
    }

    /** Empty for a missing key; a string as it is (JSON-quoted if it would read as JSON); else the value's JSON. */
    static String metaCell(JsonNode value) {
        if (value == null || value.isMissingNode()) return "";
        if (value.isTextual()) {
            String text = value.asText();
            return readsAsJson(text) ? Json.write(value) : text;
        }
        return Json.write(value);
    }

    /** The language of the tags column: {@code lang} (a code such as {@code en} or {@code fr_FR}), default {@code en}. */
    static String lang(String raw) {
        if (raw == null) return "en";
        if (!raw.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?")) {
            throw ApiError.INVALID_PARAMETER.with("lang: a language code such as en or fr_FR, got '" + raw + "'");
        }
        return raw;
    }

    /** How the import reads a cell: JSON when it parses as a JSON value other than a bare string, else text. */
    static boolean readsAsJson(String text) {
        String t = text.trim();
        if (t.isEmpty()) return false;
        char c = t.charAt(0);
        if (c != '{' && c != '[' && c != '"' && c != '-' && !Character.isDigit(c) && !t.equals("true") && !t.equals("false") && !t.equals("null")) {
            return false;
        }
        try {
            Json.MAPPER.readTree(t);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The metadata keys of the files, in order (for the columns when the caller has the files already). */
    static List<String> metaKeysOf(List<FileRecord> files) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        for (FileRecord f : files) {
            JsonNode meta = Json.parseStored(f.meta());
            Iterator<Map.Entry<String, JsonNode>> it = meta.fields();
            while (it.hasNext()) keys.add(it.next().getKey());
        }
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

package dev.assetgate.http;

import dev.assetgate.error.ApiError;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the server, with the strict reading the API promises (duplicate keys refused). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // a character beyond the BMP as its UTF-8 bytes when answers are written as bytes, not as the
            // escaped surrogate pair Jackson writes there by default (still JSON, but not what we stored)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode success() {
        return object().put("status", "success");
    }

    /** Parses stored JSON that this server wrote itself; a failure is a bug, not bad input. */
    public static JsonNode parseStored(String text) {
        try {
            return MAPPER.readTree(text == null || text.isEmpty() ? "{}" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt", e);
        }
    }

    /** Parses client input; any syntax error becomes INVALID_JSON with the parser's location. */
    public static JsonNode parseInput(byte[] body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.INVALID_JSON.with(what + " is empty");
            }
            refuseLoneSurrogates(node, what);
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.INVALID_JSON.with(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.INVALID_JSON.with(what + " could not be read");
        }
    }

    /**
     * JSON may spell half a UTF-16 pair ("\\ud800") and Jackson keeps it; no store can keep it (it
     * came back as '?'), so such text is refused rather than saved altered. Names are checked too.
     */
    private static void refuseLoneSurrogates(JsonNode node, String what) {
        if (node.isTextual()) {
            refuseLoneSurrogates(node.textValue(), what);
        }
        for (var field : node.properties()) {
            refuseLoneSurrogates(field.getKey(), what);
            refuseLoneSurrogates(field.getValue(), what);
        }
        if (node.isArray()) {
            node.forEach(element -> refuseLoneSurrogates(element, what));
        }
    }

    private static void refuseLoneSurrogates(String text, String what) {
        if (!wellFormed(text)) {
            throw ApiError.INVALID_JSON.with(what + " holds a string with an unpaired UTF-16 surrogate (\\ud800-\\udfff)",
                    "Send text as valid Unicode: a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one.");
        }
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The node as UTF-8 bytes: what responses send, without a String between (Jackson's byte writer is the faster one). */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

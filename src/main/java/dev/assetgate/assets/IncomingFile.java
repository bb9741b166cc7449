package dev.assetgate.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;

/**
 * One file arriving by any upload path, already split into its target folder and name (both
 * validated) with its side data: metadata, info and tag labels in one language.
 */
public record IncomingFile(String folder, String name, String declaredType, InputStream body,
                           ObjectNode meta, ObjectNode info, String tagLang, List<String> tags) {}

package dev.assetgate.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;

/**
 * One file arriving by any upload path, already split into its target folder and name (both
 * validated) with its side data: metadata, info and tag labels in one language. {@code size} is the
 * byte count the upload declares before its bytes are read (a Content-Length, a spooled part's size),
 * or {@link #UNKNOWN_SIZE}: a key's byte quotas reserve it before anything is stored.
 */
public record IncomingFile(String folder, String name, String declaredType, InputStream body,
                           ObjectNode meta, ObjectNode info, String tagLang, List<String> tags, long size) {
    public static final long UNKNOWN_SIZE = -1;
}

package dev.assetgate.importer;

import dev.assetgate.store.blob.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects of an S3-compatible bucket under a prefix ({@code s3://bucket/prefix}): a key's path
 * below the prefix is the file's path; a key ending in {@code /} is an (empty) folder; {@code x.json}
 * beside {@code x} is x's sidecar, as in a folder tree.
 */
public final class S3Source implements Source {
    private static final long MAX_SIDECAR_BYTES = 1 << 20;
    private final S3Settings settings;
    private final String prefix;
    private final S3Client s3;

    public S3Source(S3Settings settings, String prefix) {
        this.settings = settings;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.s3 = settings.newClient();
    }

    /** {@code s3://bucket/some/prefix} → {bucket, "some/prefix"}. */
    public static String[] parse(String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) throw new IllegalArgumentException("--from " + uri + ": no bucket (s3://bucket/prefix)");
        return new String[] {bucket, slash < 0 ? "" : rest.substring(slash + 1)};
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + "/" + prefix + " (" + settings + ")";
    }

    @Override
    public Inventory list() throws IOException {
        Map<String, S3Object> objects = new LinkedHashMap<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents()
                    .forEach(o -> objects.put(o.key(), o));
        } catch (SdkException e) {
            throw new IOException("cannot list " + describe() + ": " + e.getMessage(), e);
        }
        List<SourceFolder> folders = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (S3Object o : objects.values()) {
            String rel = "/" + o.key().substring(prefix.length());
            if (rel.equals("/")) continue;
            if (o.key().endsWith("/")) {
                folders.add(new SourceFolder(rel.substring(0, rel.length() - 1), Attributes.NONE));
                continue;
            }
            if (o.key().endsWith(Sidecar.SUFFIX) && objects.containsKey(o.key().substring(0, o.key().length() - Sidecar.SUFFIX.length()))) {
                continue;
            }
            try {
                S3Object sidecar = objects.get(o.key() + Sidecar.SUFFIX);
                Attributes attributes = sidecar == null ? Attributes.NONE : sidecar(sidecar);
                files.add(new SourceFile(rel, o.size(), o.eTag() + "@" + o.size(), null, null, attributes, o.key()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(rel, "sidecar " + o.key() + Sidecar.SUFFIX + ": " + e.getMessage()));
            } catch (SdkException e) {
                problems.add(new Problem(rel, "cannot read sidecar " + o.key() + Sidecar.SUFFIX + ": " + e.getMessage()));
            }
        }
        return new Inventory(folders, files, problems);
    }

    private Attributes sidecar(S3Object o) {
        if (o.size() > MAX_SIDECAR_BYTES) throw new IllegalArgumentException("larger than 1 MB");
        return Sidecar.parse(s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(o.key())).asByteArray());
    }

    @Override
    public InputStream open(SourceFile file) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(file.location()));
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + settings.bucket() + "/" + file.location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}

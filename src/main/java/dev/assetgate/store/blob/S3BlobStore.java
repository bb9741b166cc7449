package dev.assetgate.store.blob;

import dev.assetgate.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in one S3 bucket. Nothing is visible under a key until it is complete: a small body
 * is sent as one PutObject from a bounded buffer; a bigger one as a multipart upload, one part in memory
 * at a time, completed only after the last byte has passed the size cap. Any failure aborts the
 * multipart upload, so a refused or cut-off upload leaves neither an object nor an incomplete upload.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    /** S3 wants parts of at least 5 MiB (but the last); 8 MiB is what the AWS tools use. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    /** Older incomplete uploads are leftovers of a crash: no live upload takes that long. */
    private static final Duration STALE_UPLOAD = Duration.ofDays(1);

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    public S3BlobStore(S3Client s3, String bucket, int partSize) {
        if (partSize < 5 * 1024 * 1024) throw new IllegalArgumentException("S3 parts must be at least 5 MiB");
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** Connects, creates the bucket when missing and aborts incomplete uploads a crash left behind. */
    public static S3BlobStore connect(S3Settings settings, Clock clock) {
        S3Client client = settings.newClient();
        try {
            S3BlobStore store = new S3BlobStore(client, settings.bucket(), DEFAULT_PART_SIZE);
            store.createBucketIfMissing(settings.region());
            store.abortUploadsOlderThan(clock.instant().minus(STALE_UPLOAD));
            return store;
        } catch (SdkException e) {
            client.close();
            throw new IllegalArgumentException("blobs=s3: cannot use " + settings + " (check s3-endpoint, s3-bucket, "
                    + "s3-access-key, s3-secret-key): " + e.getMessage(), e);
        }
    }

    @Override
    public StoredBlob put(String key, InputStream in, long maxBytes) throws IOException {
        MeteredParts parts = new MeteredParts(in, maxBytes, partSizeFor(maxBytes));
        int first = parts.next();
        if (parts.ended()) {
            byte[] body = parts.buffer();
            call("put " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) first), bodyOf(body, first)));
        } else {
            putMultipart(key, parts, first);
        }
        return new StoredBlob(key, parts.size(), parts.sha1Hex());
    }

    private void putMultipart(String key, MeteredParts parts, int firstLength) throws IOException {
        String uploadId = call("start upload of " + key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
        boolean completed = false;
        try {
            List<CompletedPart> done = new ArrayList<>();
            int length = firstLength;
            while (length > 0) {
                int number = done.size() + 1;
                int partLength = length;
                String eTag = call("upload part " + number + " of " + key, () -> s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) partLength),
                        bodyOf(parts.buffer(), partLength)).eTag());
                done.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                length = parts.ended() ? 0 : parts.next();
            }
            call("complete upload of " + key, () -> s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(done))));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(key, uploadId);
            }
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length == 0) {
            requireExists(key);
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        }
        try {
            return s3.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // offset at or past the end: nothing to read, as on disk
            }
            throw failed("read " + key, e);
        } catch (SdkException e) {
            throw failed("read " + key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw failed("look up " + key, e);
        } catch (SdkException e) {
            throw failed("look up " + key, e);
        }
    }

    @Override
    public void list(java.util.function.Consumer<Listed> sink) throws IOException {
        call("list " + bucket, () -> {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                    .forEach(o -> sink.accept(new Listed(o.key(), o.lastModified())));
            return null;
        });
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Parts grow with the cap so that the largest allowed body fits in S3's 10,000 parts. */
    private int partSizeFor(long maxBytes) {
        long needed = (maxBytes + MAX_PARTS - 1) / MAX_PARTS;
        return (int) Math.min(MAX_PART_SIZE, Math.max(partSize, needed));
    }

    private void requireExists(String key) throws IOException {
        if (!exists(key)) throw new NoSuchFileException(key);
    }

    private void createBucketIfMissing(String region) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
        }
        try {
            s3.createBucket(b -> {
                b.bucket(bucket);
                // us-east-1 is S3's default location and must not be named.
                if (!region.equals(Region.US_EAST_1.id())) b.createBucketConfiguration(c -> c.locationConstraint(region));
            });
            LOG.info("created S3 bucket {}", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            // another node created it at the same moment
        }
    }

    private void abortUploadsOlderThan(Instant cutoff) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
            if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                LOG.info("aborting incomplete upload of {} started {}", upload.key(), upload.initiated());
                abortQuietly(upload.key(), upload.uploadId());
            }
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // Invisible (never completed), but it costs storage until a sweep or a lifecycle rule removes it.
            LOG.warn("could not abort the incomplete upload of {}: {}", key, e.toString());
        }
    }

    /** A body the SDK may read more than once (signing, retries) without copying the buffer. */
    private static RequestBody bodyOf(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
    }

    private static <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    private static IOException failed(String what, SdkException e) {
        return new IOException("S3: cannot " + what + ": " + e.getMessage(), e);
    }
}

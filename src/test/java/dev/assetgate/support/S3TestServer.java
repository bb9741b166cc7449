package dev.assetgate.support;

import dev.assetgate.store.blob.S3Settings;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-protocol server (S3Proxy over jclouds' in-memory "transient" store) on a loopback port,
 * started once per test JVM and stopped when it exits. Each user takes its own bucket.
 */
public final class S3TestServer {
    public static final String ACCESS_KEY = "assetgate-test-access";
    public static final String SECRET_KEY = "assetgate-test-secret-key";
    public static final String REGION = "us-east-1";
    private static S3TestServer shared;

    static {
        // S3Proxy and jclouds narrate every start at INFO; their loggers are made after this runs.
        System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.jclouds", "warn");
    }

    private final AtomicInteger buckets = new AtomicInteger();
    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String endpoint;
    private final S3Client client;

    private S3TestServer() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            Thread.sleep(10);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        client = settings("unused").newClient();
    }

    /** The JVM's server, started on first use. */
    public static synchronized S3TestServer shared() {
        if (shared == null) {
            try {
                shared = new S3TestServer();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded S3 server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Settings for Assetgate's S3 adapter pointing at {@code bucket} on this server. */
    public S3Settings settings(String bucket) {
        return new S3Settings(endpoint, REGION, bucket, ACCESS_KEY, SECRET_KEY, true);
    }

    /** A bucket name not used before in this JVM (not created: the adapter creates its bucket). */
    public String newBucketName(String purpose) {
        return (purpose.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + buckets.incrementAndGet()).replaceFirst("^-", "b-");
    }

    /** Every visible object key in the bucket that starts with {@code prefix}. */
    public Set<String> keys(String bucket, String prefix) {
        Set<String> keys = new TreeSet<>();
        try {
            client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        } catch (NoSuchBucketException e) {
            // no bucket, no keys
        }
        return keys;
    }

    /** Multipart uploads started and neither completed nor aborted, as "key (upload id)". */
    public List<String> unfinishedUploads(String bucket) {
        try {
            return client.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
                    .map(u -> u.key() + " (" + u.uploadId() + ")").toList();
        } catch (NoSuchBucketException e) {
            return List.of();
        }
    }

    /** Removes one object behind the server's back (a blob lost outside it). */
    public void deleteObject(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Empties and removes a bucket, so that the in-memory store does not grow with every test. */
    public void dropBucket(String bucket) {
        try {
            client.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()
                    .forEach(u -> client.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            for (String key : keys(bucket, "")) {
                client.deleteObject(b -> b.bucket(bucket).key(key));
            }
            client.deleteBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            // never created
        }
    }

    private void stop() {
        try {
            client.close();
            proxy.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        } finally {
            context.close();
        }
    }
}

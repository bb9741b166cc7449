package dev.assetgate.bench;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The reference S3 server for bench/run.sh: S3Proxy embedded (its own launcher does not run with
 * our Jetty), over jclouds' "filesystem" store in a directory on the same disk as Assetgate's blobs.
 * Usage: S3BenchServer DIR PORT ACCESS_KEY SECRET_KEY, or ACCESS_KEY {@code none} for a server without
 * authentication (the small-object row: S3's cheapest GET). Prints "READY" when listening; runs until killed.
 */
public final class S3BenchServer {
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.jclouds", "warn");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", args[0]);
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("unused", "unused")
                .overrides(props).build(BlobStoreContext.class);
        boolean open = args[2].equals("none");
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + args[1]))
                .awsAuthentication(open ? AuthenticationType.NONE : AuthenticationType.AWS_V2_OR_V4, open ? "" : args[2], open ? "" : args[3])
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}

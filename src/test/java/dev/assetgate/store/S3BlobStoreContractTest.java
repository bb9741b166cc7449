package dev.assetgate.store;

import dev.assetgate.store.blob.S3BlobStore;
import dev.assetgate.support.S3TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;

/** The BlobStore contract on a real S3-protocol server, one fresh bucket per test. */
@Tag("slow")
class S3BlobStoreContractTest extends BlobStoreContractTest {
    private final S3TestServer s3 = S3TestServer.shared();
    private final String bucket = s3.newBucketName("contract");

    @Override
    protected BlobStore openStore() {
        return S3BlobStore.connect(s3.settings(bucket), Clock.systemUTC());
    }

    @Override
    protected Set<String> visibleKeys() {
        return s3.keys(bucket, "");
    }

    @Override
    protected List<String> unfinishedWrites() {
        return s3.unfinishedUploads(bucket);
    }

    @Override
    protected void closeStore() throws Exception {
        super.closeStore();
        s3.dropBucket(bucket);
    }
}

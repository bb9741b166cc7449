package dev.assetgate.store.blob;

import dev.assetgate.store.BlobStore.BlobTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads an upload one part at a time into a single reused buffer, hashing (SHA-1) and counting every
 * byte and refusing the byte that passes the cap. The buffer grows only as far as the body needs, so
 * a small upload costs a small buffer and a big one at most {@code partSize}.
 */
final class MeteredParts {
    private static final int FIRST_BUFFER = 64 * 1024;
    private final InputStream in;
    private final long maxBytes;
    private final int partSize;
    private final MessageDigest sha1;
    private byte[] buffer;
    private long size;
    private boolean ended;

    MeteredParts(InputStream in, long maxBytes, int partSize) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.partSize = partSize;
        this.sha1 = sha1();
        this.buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
    }

    /**
     * Fills {@link #buffer()} with the next part: {@code partSize} bytes, or fewer when the body ends
     * (then {@link #ended()} is true). Returns the part's length, 0 once nothing is left.
     */
    int next() throws IOException {
        int filled = 0;
        while (filled < partSize && !ended) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                ended = true;
                break;
            }
            size += n;
            if (size > maxBytes) {
                throw new BlobTooLargeException(maxBytes);
            }
            sha1.update(buffer, filled, n);
            filled += n;
        }
        return filled;
    }

    byte[] buffer() {
        return buffer;
    }

    boolean ended() {
        return ended;
    }

    long size() {
        return size;
    }

    String sha1Hex() {
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

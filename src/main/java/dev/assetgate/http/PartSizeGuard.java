package dev.assetgate.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a multipart request as the parser reads it, refusing a part that grows past
 * {@code maxPartBytes} or a body past {@code maxBodyBytes} the moment it does: the parser then
 * stops, so no more than that is ever spooled. A part's length is counted from one boundary
 * delimiter ({@code --boundary}) to the next, part headers included. The failure is a
 * {@link TooLarge}, a type of its own, so it is told apart from a malformed body without reading
 * any message text.
 */
final class PartSizeGuard extends FilterInputStream {
    /** A part ({@code wholeBody} false) or the whole body went past its limit. */
    static final class TooLarge extends IOException {
        final boolean wholeBody;

        TooLarge(boolean wholeBody) {
            super(wholeBody ? "multipart body too large" : "multipart part too large");
            this.wholeBody = wholeBody;
        }
    }

    private final byte[] delimiter;
    /** KMP failure function of {@link #delimiter}: where a partial match resumes after a mismatch. */
    private final int[] fallback;
    private final long maxPartBytes;
    private final long maxBodyBytes;
    private int matched;
    private long sinceDelimiter;
    private long total;

    PartSizeGuard(InputStream body, String boundary, long maxPartBytes, long maxBodyBytes) {
        super(body);
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = failureFunction(delimiter);
        this.maxPartBytes = maxPartBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count((byte) b);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) count(buffer[offset + i]);
        return n;
    }

    private void count(byte b) throws TooLarge {
        if (++total > maxBodyBytes) throw new TooLarge(true);
        while (matched > 0 && delimiter[matched] != b) matched = fallback[matched - 1];
        if (delimiter[matched] == b) matched++;
        if (matched == delimiter.length) {
            matched = fallback[matched - 1];
            sinceDelimiter = 0;
        } else if (++sinceDelimiter > maxPartBytes) {
            throw new TooLarge(false);
        }
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] f = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) k = f[k - 1];
            if (pattern[i] == pattern[k]) k++;
            f[i] = k;
        }
        return f;
    }
}

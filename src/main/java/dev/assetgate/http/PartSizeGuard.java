package dev.assetgate.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
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
        if (b >= 0) {
            countBody(1);
            step((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            int withinBody = (int) Math.max(0, Math.min(n, maxBodyBytes - total)); // the bytes before the body's limit
            scan(buffer, offset, offset + withinBody); // a part may pass its limit first
            countBody(n);
        }
        return n;
    }

    private void countBody(int n) throws TooLarge {
        total += n;
        if (total > maxBodyBytes) throw new TooLarge(true);
    }

    /**
     * Steps through {@code buffer[from, to)}. Outside a partial match, the bytes up to the next one
     * that could start a delimiter are skipped eight at a time: file contents are almost all such
     * bytes, and stepping through each cost more than the rest of the upload together.
     */
    private void scan(byte[] buffer, int from, int to) throws TooLarge {
        int i = from;
        while (i < to) {
            if (matched == 0) {
                int next = indexOf(buffer, i, to, delimiter[0]);
                sinceDelimiter += next - i;
                if (sinceDelimiter > maxPartBytes) throw new TooLarge(false);
                i = next;
                if (i == to) break;
            }
            step(buffer[i++]);
        }
    }

    private void step(byte b) throws TooLarge {
        while (matched > 0 && delimiter[matched] != b) matched = fallback[matched - 1];
        if (delimiter[matched] == b) matched++;
        if (matched == delimiter.length) {
            matched = fallback[matched - 1];
            sinceDelimiter = 0;
        } else if (++sinceDelimiter > maxPartBytes) {
            throw new TooLarge(false);
        }
    }

    /** Where {@code b} first occurs in {@code buffer[from, to)}, or {@code to}; eight bytes per step (SWAR). */
    static int indexOf(byte[] buffer, int from, int to, byte b) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(buffer, i) ^ pattern; // a zero byte where b is
            long zeros = (x - ONES) & ~x & HIGHS; // the lowest set bit marks the first zero byte exactly
            if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
        }
        for (; i < to; i++) {
            if (buffer[i] == b) return i;
        }
        return to;
    }

    static int[] failureFunction(byte[] pattern) {
        int[] f = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) k = f[k - 1];
            if (pattern[i] == pattern[k]) k++;
            f[i] = k;
        }
        return f;
    }
}

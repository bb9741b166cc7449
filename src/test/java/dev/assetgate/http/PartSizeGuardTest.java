package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guard skips the bytes of a file eight at a time; these tests hold it to the plain byte-by-byte
 * reading it replaced (kept here as {@link OneByteAtATime}): the same read fails, for the same reason.
 */
class PartSizeGuardTest {
    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    @Test
    void indexOfFindsTheFirstOccurrenceFromEveryOffsetAndAlignment() {
        Random random = new Random(17);
        for (int round = 0; round < 2_000; round++) {
            byte[] buffer = new byte[random.nextInt(64)];
            for (int i = 0; i < buffer.length; i++) buffer[i] = (byte) (random.nextInt(4) == 0 ? '-' : random.nextInt(256));
            int from = buffer.length == 0 ? 0 : random.nextInt(buffer.length);
            int to = from + random.nextInt(buffer.length - from + 1);
            byte wanted = random.nextBoolean() ? (byte) '-' : (byte) random.nextInt(256);
            int expected = from;
            while (expected < to && buffer[expected] != wanted) expected++;
            assertThat(PartSizeGuard.indexOf(buffer, from, to, wanted)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void failsOnTheSameReadAsByteByByteReadingForBodiesOfManyShapes() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            byte[] body = body(random);
            long maxPart = 1 + random.nextInt(3_000);
            long maxBody = random.nextInt(4) == 0 ? 1 + random.nextInt(body.length + 1) : Long.MAX_VALUE;
            int chunk = 1 + random.nextInt(random.nextBoolean() ? 16 : 4_096);
            String expected = outcome(new OneByteAtATime(body, maxPart, maxBody), chunk);
            String actual = outcome(new PartSizeGuard(new ByteArrayInputStream(body), BOUNDARY, maxPart, maxBody), chunk);
            assertThat(actual).as("round %d: part limit %d, body limit %d, reads of %d", round, maxPart, maxBody, chunk).isEqualTo(expected);
        }
    }

    @Test
    void aPartExactlyAtTheLimitPassesAndOneByteMoreFails() throws IOException {
        byte[] first = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int size : new int[] {10, 1_000, 100_000}) {
            // from the end of a delimiter to the end of the next one, without that delimiter's last byte
            long exact = 2 + size + 2 + BOUNDARY.length() + 2 - 1;
            byte[] body = concat(first, new byte[size], ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(outcome(new PartSizeGuard(new ByteArrayInputStream(body), BOUNDARY, exact, Long.MAX_VALUE), 8192)).isEqualTo("read all");
            assertThat(outcome(new PartSizeGuard(new ByteArrayInputStream(body), BOUNDARY, exact - 1, Long.MAX_VALUE), 8192))
                    .startsWith("part too large");
        }
    }

    /** A multipart-like body: random bytes (dashes made common) with delimiters, some of them cut short. */
    private static byte[] body(Random random) {
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = 1 + random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            int size = random.nextInt(4_000);
            for (int i = 0; i < size; i++) out.write(random.nextInt(8) == 0 ? '-' : random.nextInt(256));
            int cut = random.nextInt(5) == 0 ? random.nextInt(delimiter.length) : delimiter.length;
            out.write(delimiter, 0, cut);
        }
        out.writeBytes("--\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** How reading {@code in} in reads of {@code chunk} bytes ends, and after how many reads. */
    private static String outcome(InputStream in, int chunk) throws IOException {
        byte[] buffer = new byte[chunk];
        int reads = 0;
        try {
            while (true) {
                reads++;
                int n = chunk == 1 ? in.read() : in.read(buffer, 0, chunk);
                if (n < 0) return "read all";
            }
        } catch (PartSizeGuard.TooLarge e) {
            return e.getMessage().replace("multipart ", "") + " at read " + reads;
        }
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pieces) out.writeBytes(p);
        return out.toByteArray();
    }

    /** The guard as it was: every byte stepped through the delimiter matcher. */
    private static final class OneByteAtATime extends InputStream {
        private final InputStream in;
        private final byte[] delimiter = ("--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        private final int[] fallback = PartSizeGuard.failureFunction(delimiter); // unchanged, so shared
        private final long maxPart;
        private final long maxBody;
        private int matched;
        private long sinceDelimiter;
        private long total;

        OneByteAtATime(byte[] body, long maxPart, long maxBody) {
            this.in = new ByteArrayInputStream(body);
            this.maxPart = maxPart;
            this.maxBody = maxBody;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count((byte) b);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            for (int i = 0; i < n; i++) count(buffer[offset + i]);
            return n;
        }

        private void count(byte b) throws PartSizeGuard.TooLarge {
            if (++total > maxBody) throw new PartSizeGuard.TooLarge(true);
            while (matched > 0 && delimiter[matched] != b) matched = fallback[matched - 1];
            if (delimiter[matched] == b) matched++;
            if (matched == delimiter.length) {
                matched = fallback[matched - 1];
                sinceDelimiter = 0;
            } else if (++sinceDelimiter > maxPart) {
                throw new PartSizeGuard.TooLarge(false);
            }
        }
    }
}

package dev.assetgate.http;

import dev.assetgate.assets.UploadLimit;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.BlobStore;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.ee10.servlet.ServletMultiPartFormData;
import org.eclipse.jetty.http.MultiPart;

/**
 * A multipart/form-data upload read under the caller's own size limit while it streams: Jetty's
 * parser reads the body through a {@link PartSizeGuard}, so a key allowed 1,000 bytes stops the
 * parser after about that much, instead of the server spooling the whole body first. File parts
 * (those with a filename) are spooled under the data directory's {@code tmp/} above 64 KiB; the
 * other parts are the form fields. Closing deletes whatever spooled file was not taken over.
 *
 * <p>Failures are told apart by type, never by message: a part or body over its limit is
 * {@code 413 FILE_TOO_BIG}; anything else the parser refuses (a cut-off body, a bad boundary, a part
 * header too long) is {@code 422} with a message that names no Java class.
 */
final class MultipartBody implements AutoCloseable {
    /** Room for a part's headers on top of the file size limit (the exact file size is enforced when it is stored). */
    static final long PART_HEADERS_ALLOWANCE = 64 * 1024;
    final Map<String, List<SpooledPart>> files = new LinkedHashMap<>();
    final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<Part> all = new ArrayList<>();

    private MultipartBody() {}

    /**
     * Reads the body of {@code ctx}: each part at most {@code fileLimit} (plus its headers), the
     * whole body at most {@code maxBodyBytes}.
     */
    static MultipartBody read(Context ctx, Path spoolDir, UploadLimit fileLimit, long maxBodyBytes) {
        HttpServletRequest request = ctx.req();
        String boundary = MultiPart.extractBoundary(request.getContentType());
        if (boundary == null || boundary.isEmpty()) {
            throw malformed("the Content-Type has no boundary parameter");
        }
        long maxPart = saturatedAdd(fileLimit.bytes(), PART_HEADERS_ALLOWANCE);
        // Jetty's own size limits are off: the guard enforces ours, with a failure of its own type.
        request.setAttribute("org.eclipse.jetty.multipartConfig",
                new MultipartConfigElement(spoolDir.toString(), -1, -1, BlobStore.SpooledFile.SMALL_BYTES));
        Guarded guarded = new Guarded(request, boundary, maxPart, maxBodyBytes);
        ServletMultiPartFormData.Parts parts;
        try {
            parts = ServletMultiPartFormData.from(guarded).get();
        } catch (ExecutionException e) {
            throw failure(e.getCause(), fileLimit, maxBodyBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw malformed("the upload was interrupted");
        }
        MultipartBody body = new MultipartBody();
        try {
            for (Part part : parts.getParts()) {
                body.all.add(part);
                if (part.getSubmittedFileName() != null) {
                    body.files.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(new SpooledPart(part));
                } else {
                    try (InputStream in = part.getInputStream()) {
                        body.fields.computeIfAbsent(part.getName(), k -> new ArrayList<>())
                                .add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            body.close();
            throw malformed("a form field could not be read");
        }
        return body;
    }

    private static ApiException failure(Throwable failure, UploadLimit fileLimit, long maxBodyBytes) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PartSizeGuard.TooLarge tooLarge) {
                return tooLarge.wholeBody
                        ? ApiError.FILE_TOO_BIG.with("the multipart body is larger than the limit of " + maxBodyBytes + " bytes",
                                "Rule: max-upload-bytes (every file of one request, plus its form fields)")
                        : ApiError.FILE_TOO_BIG.with("a file of the multipart body is larger than the limit of " + fileLimit.bytes() + " bytes",
                                "Rule: " + fileLimit.rule());
            }
        }
        return malformed("it is malformed or ended early (check the boundary, the part headers and the body's length)");
    }

    private static ApiException malformed(String why) {
        return ApiError.ERR_UNPROCESSABLE_ENTITY.with("the multipart body could not be read: " + why);
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Deletes every spooled file not moved into the blob store (a moved one is gone already). */
    @Override
    public void close() {
        for (Part part : all) {
            try {
                part.delete();
            } catch (IOException | RuntimeException ignored) {
                // the sweep of tmp/ removes what is left
            }
        }
    }

    /** The request as Jetty's parser sees it: the same, but its body read through the guard. */
    private static final class Guarded extends HttpServletRequestWrapper {
        private final ServletInputStream body;

        Guarded(HttpServletRequest request, String boundary, long maxPart, long maxBody) {
            super(request);
            try {
                this.body = new GuardedStream(request.getInputStream(), new PartSizeGuard(request.getInputStream(), boundary, maxPart, maxBody));
            } catch (IOException e) {
                throw malformed("the body could not be opened");
            }
        }

        @Override
        public ServletInputStream getInputStream() {
            return body;
        }
    }

    private static final class GuardedStream extends ServletInputStream {
        private final ServletInputStream original;
        private final InputStream guarded;

        GuardedStream(ServletInputStream original, InputStream guarded) {
            this.original = original;
            this.guarded = guarded;
        }

        @Override
        public int read() throws IOException {
            return guarded.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return guarded.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return original.isFinished();
        }

        @Override
        public boolean isReady() {
            return original.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            original.setReadListener(listener);
        }
    }
}

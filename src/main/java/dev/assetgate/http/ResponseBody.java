package dev.assetgate.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * The body of a response whose headers are set and which is not compressed (stored bytes, a ZIP),
 * written to Jetty's output as it is. It takes byte buffers as well as arrays: the file store hands a
 * large blob over as a mapping of its file, which Jetty writes to the socket without a copy of ours.
 * Every write blocks until Jetty has written it (no write listener is ever set on these responses),
 * so a buffer is the caller's again when a write returns.
 */
final class ResponseBody extends OutputStream implements WritableByteChannel {
    private final HttpOutput out;

    private ResponseBody(HttpOutput out) {
        this.out = out;
    }

    /** Sends all of {@code in}. */
    static void send(Context ctx, InputStream in) throws IOException {
        try (ResponseBody body = new ResponseBody(output(ctx))) {
            in.transferTo(body);
        }
    }

    /** Sends bytes held in memory, the whole response at once. */
    static void send(Context ctx, ByteBuffer bytes) throws IOException {
        output(ctx).sendContent(bytes);
    }

    private static HttpOutput output(Context ctx) throws IOException {
        if (ctx.res().getOutputStream() instanceof HttpOutput out) return out;
        throw new IllegalStateException("a response outside Jetty's servlet layer: " + ctx.res().getOutputStream().getClass());
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        out.write(src);
        src.position(src.limit());
        return n;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public boolean isOpen() {
        return !out.isClosed();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

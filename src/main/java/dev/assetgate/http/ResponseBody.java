package dev.assetgate.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body that takes byte buffers as well as arrays. A blob store's stream that can read into
 * a direct buffer (a file on disk) hands that buffer straight to Jetty, which writes it to the socket
 * without copying it; any other stream writes arrays, as to any output stream.
 */
final class ResponseBody extends OutputStream implements WritableByteChannel {
    private final HttpOutput out;

    private ResponseBody(HttpOutput out) {
        this.out = out;
    }

    /** Sends all of {@code in} as the body of an uncompressed response whose headers are set. */
    static void send(Context ctx, InputStream in) throws IOException {
        if (ctx.res().getOutputStream() instanceof HttpOutput http) {
            try (ResponseBody body = new ResponseBody(http)) {
                in.transferTo(body);
            }
        } else {
            try (OutputStream body = ctx.outputStream()) {
                in.transferTo(body);
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        out.write(src); // blocking: returns when Jetty has written all of it
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

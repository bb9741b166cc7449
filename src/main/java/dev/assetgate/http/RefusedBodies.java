package dev.assetgate.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.HttpInput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * What is left of a refused request's body, read and thrown away before the answer is sent, as
 * nginx's lingering close and Tomcat's {@code maxSwallowSize} do. A server that answers and closes
 * while the client still sends makes the client's next bytes meet a closed socket, and most clients
 * then lose the answer: Node's fetch fails, a browser shows a network error instead of our JSON.
 *
 * <p>Bounded in bytes and in time, so a client trickling its body holds a thread for at most
 * {@link #DEADLINE}. A body that is not read to its end closes the connection after the answer
 * ({@code Connection: close}), so the client does not send its next request into it.
 */
final class RefusedBodies {
    static final long LIMIT = 16L * 1024 * 1024;
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private RefusedBodies() {}

    static void discard(Context ctx) {
        HttpServletRequest request = ctx.req();
        long declared = request.getContentLengthLong();
        boolean hasBody = declared > 0 || (declared < 0 && ctx.header("Transfer-Encoding") != null);
        if (!hasBody) return;
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        HttpInput input = jetty == null ? null : jetty.getHttpInput();
        if (input != null && input.isFinished()) return;
        // A client that asked for "100 Continue" sends nothing until a read asks for it: not started, it is not asked.
        boolean sending = !awaitsContinue(ctx) || (input != null && input.getContentReceived() > 0);
        boolean readAll = sending && declared <= LIMIT
                && readToEnd(request, jetty == null ? null : jetty.getServletChannel().getEndPoint())
                && (input == null || input.isFinished()); // a parser that failed mid-body may leave its input in doubt
        if (!readAll) {
            ctx.header("Connection", "close");
        }
    }

    private static boolean awaitsContinue(Context ctx) {
        String expect = ctx.header("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /** Reads the rest of the body; false if it did not end within the limits. */
    private static boolean readToEnd(HttpServletRequest request, EndPoint endPoint) {
        long idle = endPoint == null ? 0 : endPoint.getIdleTimeout();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            while (total <= LIMIT) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // a client that goes quiet ends the blocked read at the deadline, not at the idle timeout
                if (endPoint != null) endPoint.setIdleTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                int n = in.read(buffer);
                if (n < 0) return true;
                total += n;
            }
            return false;
        } catch (IOException | RuntimeException gone) {
            return false;
        } finally {
            if (endPoint != null) endPoint.setIdleTimeout(idle);
        }
    }
}

package dev.assetgate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what {@link Api} (the JDK client) will not send: paths it would
 * refuse, non-ASCII header bytes, a body shorter than its Content-Length, a connection dropped
 * mid-body. Strings are written as ISO-8859-1, byte for byte. The answer is an {@link Api.Response}
 * like any other (chunked bodies decoded).
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final PushbackInputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new PushbackInputStream(socket.getInputStream());
    }

    /** A connection to 127.0.0.1:{@code port}; reading its answer gives up after 10 s of silence. */
    public static RawHttp connect(int port) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request exactly as written (it should say {@code Connection: close}) and reads the answer. */
    public static Api.Response exchange(int port, String request) {
        try (RawHttp http = connect(port)) {
            return http.send(request).answer();
        }
    }

    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the request side (the server sees the body end early) and reads the answer it still owes. */
    public Api.Response finish() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer();
    }

    /** Reads until the server closes the connection and parses what it sent. */
    public Api.Response answer() {
        try {
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer with a Content-Length body and leaves the connection open for the next request. */
    public Api.Response next() {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) throw new IOException("the connection closed mid-answer");
                head.write(b);
            }
            Api.Response headOnly = parse(head.toByteArray());
            int length = Integer.parseInt(headOnly.headers().firstValue("Content-Length").orElseThrow());
            byte[] body = in.readNBytes(length);
            return new Api.Response(headOnly.status(), headOnly.headers(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server sends nothing for {@code wait} (at least 1 ms): it is still waiting for the request. */
    public boolean quietFor(Duration wait) {
        if (wait.toMillis() < 1) throw new IllegalArgumentException("a wait under 1 ms would be no timeout at all");
        try {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(Math.toIntExact(wait.toMillis()));
            try {
                int first = in.read();
                if (first >= 0) in.unread(first);
                return false;
            } catch (SocketTimeoutException quiet) {
                return true;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the connection, mid-request if the request is not complete. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Api.Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || split < 0) throw new AssertionError("not an HTTP answer: " + text);
        String[] lines = text.substring(0, split).split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) body = dechunk(body);
        return new Api.Response(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (name, value) -> true), body);
    }

    private static byte[] dechunk(byte[] chunked) {
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int eol = text.indexOf("\r\n", pos);
            int size = Integer.parseInt(text.substring(pos, eol).split(";")[0].trim(), 16);
            if (size == 0) break;
            out.write(chunked, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}

package dev.netboot.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Test-only HTTP/1.1 over a plain socket, for what a real client refuses to send (traversals
 * as-is, malformed lines, huge headers) and to see exactly what the server sends back. Every read
 * is bounded by the socket timeout.
 */
final class RawHttp implements AutoCloseable {
    record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        this(port, 10_000);
    }

    RawHttp(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** Sends {@code text} as ISO-8859-1 bytes (one byte per char). */
    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** A GET (or other method) request for {@code target} with optional extra header lines. */
    static String request(String method, String target, String... headerLines) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Reads one response; its body by Content-Length unless it answers a HEAD or has no body by status. */
    Response read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body = new byte[0];
        String cl = headers.get("content-length");
        if (!headRequest && status != 304 && status != 204 && status >= 200 && cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        }
        return new Response(status, statusLine, headers, body);
    }

    /** Sends one request and reads its response on this connection. */
    Response exchange(String request) throws IOException {
        send(request);
        return read(request.startsWith("HEAD "));
    }

    /** One request on a fresh connection. */
    static Response once(int port, String request) throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            return c.exchange(request);
        }
    }

    /**
     * Whether the server closes the connection: reads (and drops) until end of stream or reset
     * (true), or until the socket timeout (false).
     */
    boolean awaitClose() throws IOException {
        byte[] buf = new byte[65536];
        try {
            while (in.read(buf) >= 0) {
                // draining what was sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    /**
     * Reads until end of stream or reset and returns the byte count; -1 when the socket timeout
     * passes first.
     */
    long drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buf)) >= 0;) {
                total += n;
            }
            return total;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return total;
        }
    }

    /** Whatever arrives before the timeout or the end of stream (nothing expected). */
    int available(int waitMillis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(waitMillis);
        try {
            int b = in.read();
            return b < 0 ? -1 : 1;
        } catch (SocketTimeoutException e) {
            return 0;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

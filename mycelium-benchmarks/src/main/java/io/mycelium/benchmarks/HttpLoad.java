package io.mycelium.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP load generator: {@code n} persistent HTTP/1.1 keep-alive connections (raw sockets), each on its own
 * thread sending one request and reading its whole answer before the next (a closed loop, no pipelining), the
 * latency of every request recorded. The same bytes go to every server; an answer must be 200 with the body
 * length it announces. Not thread-safe: one run at a time.
 */
final class HttpLoad implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;
    private static final long MAX_SAMPLES = 4_000_000;

    /** One run's figures: calls/s over the measured window and the latency percentiles of its calls. */
    record Result(double callsPerSecond, double p50Us, double p99Us, long calls, long allCalls) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%.0f calls/s, p50 %.0f µs, p99 %.0f µs (%d calls)",
                    callsPerSecond,
                    p50Us,
                    p99Us,
                    calls);
        }
    }

    private final String host;
    private final int port;
    private final List<Connection> connections = new ArrayList<>();

    HttpLoad(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A POST of {@code body} as JSON to {@code path}, ready to write as it is. */
    byte[] post(String path, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends one request on a new connection of its own and returns the answer's body (to check it). */
    byte[] once(byte[] request) throws IOException {
        try (Connection c = new Connection(host, port)) {
            return c.call(request);
        }
    }

    /**
     * Runs {@code n} connections for {@code warmupNanos} then measures for at most {@code boundNanos} or
     * {@code maxCalls} calls in all. Connections are opened on first use and kept for later runs.
     */
    Result run(byte[] request, int n, long warmupNanos, long boundNanos, long maxCalls)
            throws IOException, InterruptedException {
        while (connections.size() < n) {
            connections.add(new Connection(host, port));
        }
        // bounded memory: at most MAX_SAMPLES latencies in all (a lane stops when its share is full)
        long[][] samples = new long[n][(int) Math.max(1, Math.min(maxCalls, MAX_SAMPLES) / n)];
        int[] counts = new int[n];
        long[] all = new long[n];
        AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + boundNanos;
        long[] measuredEnd = new long[n];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lane = i;
            Connection c = connections.get(i);
            threads.add(Thread.ofPlatform().name("http-load-" + i).start(() -> {
                try {
                    long[] mine = samples[lane];
                    int k = 0;
                    long a = 0;
                    while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        if (t0 >= end || k == mine.length) {
                            break;
                        }
                        c.call(request);
                        a++;
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) {
                            mine[k++] = t1 - t0;
                            measuredEnd[lane] = t1;
                        }
                    }
                    counts[lane] = k;
                    all[lane] = a;
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }));
        }
        if (!done.await(warmupNanos + boundNanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            close();
            throw new IOException("HTTP load threads did not finish");
        }
        Exception e = failure.get();
        if (e != null) {
            close();
            throw new IOException("HTTP call failed: " + e.getMessage(), e);
        }
        long total = 0;
        long sent = 0;
        long last = measureFrom;
        for (int i = 0; i < n; i++) {
            total += counts[i];
            sent += all[i];
            last = Math.max(last, measuredEnd[i]);
        }
        long[] lat = new long[(int) total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(samples[i], 0, lat, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(lat);
        if (lat.length == 0) {
            throw new IOException("no HTTP call completed in the measured window");
        }
        double seconds = (last - measureFrom) / 1e9;
        return new Result(
                total / seconds,
                lat[lat.length / 2] / 1000.0,
                lat[Math.max(0, (int) Math.ceil(lat.length * 0.99) - 1)] / 1000.0,
                total,
                sent);
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            c.close();
        }
        connections.clear();
    }

    /** One keep-alive connection: writes a request, reads the status line, the headers and the body. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        byte[] call(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("answer " + status);
            }
            long length = -1;
            boolean chunked = false;
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                    throw new IOException("the server closes the connection after an answer");
                }
            }
            if (chunked) {
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        return body.toByteArray();
                    }
                    body.write(bytes(n));
                    line();
                }
            }
            if (length < 0) {
                throw new IOException("an answer without Content-Length on a keep-alive connection");
            }
            return bytes((int) length);
        }

        private byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            int at = 0;
            while (at < n) {
                if (pos == limit) {
                    fill();
                }
                int k = Math.min(n - at, limit - pos);
                System.arraycopy(buf, pos, b, at, k);
                pos += k;
                at += k;
            }
            return b;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                if (pos == limit) {
                    fill();
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) (b & 0xff));
                if (sb.length() > 8192) {
                    throw new IOException("a header line longer than 8 KiB");
                }
            }
        }

        private void fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            pos = 0;
            limit = n;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

package io.mycelium.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One connection; the caller writes and flushes each request, a reader thread completes the futures in
 * order (the server answers in order), the same asynchronous shape as the framework clients.
 */
final class RawTcpClient implements RequestReply {
    private final int port;
    private final Socket socket;
    private final DataOutputStream out;
    private final Queue<CompletableFuture<byte[]>> pending = new ConcurrentLinkedQueue<>();

    RawTcpClient(int port) throws IOException {
        this.port = port;
        this.socket = connect(port);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), RawTcpServer.BUFFER));
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), RawTcpServer.BUFFER));
        Thread reader = new Thread(() -> read(in), "rawtcp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public CompletableFuture<?> call(Payload payload) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        synchronized (out) {
            pending.add(f);
            try {
                out.writeInt(payload.size());
                out.writeByte(RawTcpServer.REQUEST);
                out.write(payload.bytes());
                out.flush();
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }
        return f;
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int length = in.readInt();
                in.readByte();
                byte[] body = new byte[length];
                in.readFully(body);
                CompletableFuture<byte[]> f = pending.poll();
                if (f != null) {
                    f.complete(body);
                }
            }
        } catch (IOException e) {
            for (CompletableFuture<byte[]> f; (f = pending.poll()) != null; ) {
                f.completeExceptionally(e);
            }
        }
    }

    @Override
    public EventStream openEvents() throws IOException {
        Socket s = connect(port);
        DataOutputStream events =
                new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), RawTcpServer.BUFFER));
        return new EventStream() {
            @Override
            public void emit(Payload payload) throws IOException {
                events.writeInt(payload.size());
                events.writeByte(RawTcpServer.EVENT);
                events.write(payload.bytes());
            }

            @Override
            public void close() throws IOException {
                events.flush();
                s.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

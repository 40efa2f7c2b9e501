package io.mycelium.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: blocking sockets, a platform thread per connection, frames of {@code [int length][byte kind]
 * [body]}. A request is echoed as a reply; the reply is flushed when no further request is already buffered,
 * so pipelined requests share a write.
 */
final class RawTcpServer implements Peer.PeerServer {
    static final byte REQUEST = 1;
    static final byte REPLY = 2;
    static final byte EVENT = 3;
    static final int BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final EventCounter counter;

    RawTcpServer(EventCounter counter) throws IOException {
        this.counter = counter;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "rawtcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "rawtcp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER))) {
            while (true) {
                int length = in.readInt();
                byte kind = in.readByte();
                byte[] body = new byte[length];
                in.readFully(body);
                if (kind == REQUEST) {
                    out.writeInt(length);
                    out.writeByte(REPLY);
                    out.write(body);
                    if (in.available() == 0) {
                        out.flush();
                    }
                } else if (kind == EVENT) {
                    counter.increment();
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException e) {
            if (!server.isClosed()) {
                System.err.println("rawtcp connection failed: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

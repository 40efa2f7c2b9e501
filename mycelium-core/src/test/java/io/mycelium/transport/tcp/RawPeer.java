package io.mycelium.transport.tcp;

import io.mycelium.protocol.Packet;
import io.mycelium.spi.Serializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A scripted misbehaving peer: a plain socket writing whatever bytes a test wants. */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawPeer(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over an already connected socket (a TLS one, for example). */
    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    static byte[] frame(int checksumDelta, int length, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(6 + payload.length);
        b.put((byte) (Frame.checksum(length, type) + checksumDelta));
        b.putInt(length);
        b.put((byte) type);
        b.put(payload);
        return b.array();
    }

    static byte[] frame(int type, byte[] payload) {
        return frame(0, 6 + payload.length, type, payload);
    }

    RawPeer write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer send(Serializer serializer, Packet packet) throws IOException {
        return write(frame(packet.type().tcpId(), serializer.serialize(packet)));
    }

    /** Reads one frame: its type id and payload. */
    Frame readFrame() throws IOException {
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new IOException("connection closed");
        }
        int length = ByteBuffer.wrap(header, 1, 4).getInt();
        byte[] payload = in.readNBytes(length - 6);
        return new Frame(header[5] & 0xFF, payload);
    }

    /** True when the other side closed the connection (end of stream or a reset within 5 s; bytes before are skipped). */
    boolean closedByPeer() {
        try {
            while (in.read() >= 0) {
                // skip what the peer sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

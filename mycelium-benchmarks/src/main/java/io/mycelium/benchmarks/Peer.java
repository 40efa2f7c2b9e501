package io.mycelium.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The serving JVM of one system: an echo service and an event subscriber that counts. Commands come on
 * stdin ({@code reset}, {@code await <n> <ms>}, {@code quit}); answers go to stdout prefixed with {@code @}.
 */
public final class Peer {
    private Peer() {}

    /** Arguments: {@code rawtcp | grpc | grpc-direct | jnats <url> <prefix> | mycelium <transporter> <serializer> <ns> <node> |
     * mycelium-http <ns> <port>}. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EventCounter counter = new EventCounter();
        try (PeerServer server = open(args, counter)) {
            out.println("@ready " + server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] cmd = line.trim().split(" ");
                switch (cmd[0]) {
                    case "reset" -> {
                        counter.reset();
                        out.println("@ok");
                    }
                    case "await" ->
                        out.println("@received " + counter.await(Long.parseLong(cmd[1]), Long.parseLong(cmd[2])));
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("@error unknown command " + line);
                }
            }
        } catch (Exception e) {
            out.println("@error " + e.toString().replace('\n', ' '));
            e.printStackTrace();
            System.exit(1);
        } finally {
            out.flush();
        }
    }

    private static PeerServer open(String[] args, EventCounter counter) throws Exception {
        return switch (args[0]) {
            case "rawtcp" -> new RawTcpServer(counter);
            case "grpc" -> new GrpcPeer(counter, false);
            case "grpc-direct" -> new GrpcPeer(counter, true);
            case "jnats" -> new JnatsPeer(args[1], args[2], counter);
            case "mycelium" -> new MyceliumPeer(args[1], args[2], args[3], args[4], counter);
            case "mycelium-http" -> new MyceliumHttpPeer(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown system " + args[0]);
        };
    }

    /** A running server side; {@link #port()} is 0 when it does not listen itself. */
    interface PeerServer extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;
    }
}

package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the figures of the note (no timing assertion): discovery time (start to first call) and
 * sequential remote-call latency on loopback against a raw Netty ping-pong with the same framing. A figure
 * run ({@code scripts/figures}), not part of {@code mvn verify}: it asserts nothing other tests do not.
 */
@Tag("figures")
class TcpLatencyReportTest {

    private static final int WARMUP = 2000;
    private static final int ROUNDS = 5000;

    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);

    private ServiceBroker broker(String name, TcpTransporterOptions.Builder options, Service... services) {
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(name + "-" + namespace)
                .namespace(namespace)
                .transporter(NettyTcpTransporter.create(options.build()))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        for (Service s : services) {
            b.register(s);
        }
        return b;
    }

    private static TcpTransporterOptions.Builder loopback() {
        return TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false);
    }

    private static long discovery(ServiceBroker joiner) {
        long start = System.nanoTime();
        joiner.start();
        System.out.printf("  %s: start() took %d ms%n", joiner.nodeId(), (System.nanoTime() - start) / 1_000_000);
        while (true) {
            try {
                joiner.call("echo.ping", Map.of("x", 1)).get(1, TimeUnit.SECONDS);
                return (System.nanoTime() - start) / 1_000_000;
            } catch (Exception e) {
                if (System.nanoTime() - start > 20_000_000_000L) {
                    throw new AssertionError("no call possible within 20 s", e);
                }
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void discoveryAndLatencyFigures() throws Exception {
        Service echo = Service.named("echo").action("ping", ctx -> ctx.params()).build();
        NettyTcpTransporter serverTransport =
                NettyTcpTransporter.create(loopback().build());
        ServiceBroker server = ServiceBroker.builder()
                .nodeId("server-" + namespace)
                .namespace(namespace)
                .transporter(serverTransport)
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        server.register(echo);
        server.start();
        int udpPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        ServiceBroker udpServer = broker(
                "udpserver",
                loopback().udpDiscovery(true).udpBindAddress("127.0.0.1").udpPort(udpPort),
                echo);
        udpServer.start();
        ServiceBroker client = broker(
                "client", loopback().urls(List.of("127.0.0.1:" + serverTransport.port() + "/" + server.nodeId())));
        ServiceBroker udpClient = broker(
                "udpclient",
                loopback().udpDiscovery(true).udpBindAddress("127.0.0.1").udpPort(udpPort));
        try {
            long staticMs = discovery(client);
            long udpMs = discovery(udpClient);
            System.out.printf(
                    "DISCOVERY start-to-first-call: static URL %d ms, UDP multicast %d ms%n", staticMs, udpMs);

            Map<String, Integer> params = Map.of("x", 1);
            long[] mycelium = measure(() -> client.call("echo.ping", params));
            long[] raw = rawNettyPingPong();
            System.out.println("LATENCY mycelium call over tcp:// " + summary(mycelium));
            System.out.println("LATENCY raw Netty ping-pong      " + summary(raw));
            assertThat(mycelium).hasSize(ROUNDS);
        } finally {
            udpClient.stop();

            client.stop();
            udpServer.stop();
            server.stop();
        }
    }

    private static long[] measure(Supplier<CompletableFuture<?>> call) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.get().get(5, TimeUnit.SECONDS);
        }
        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            call.get().get(5, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    private static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1000;
        return String.format(
                "n=%d mean %.1f us, p50 %.1f us, p99 %.1f us",
                s.length, mean, s[s.length / 2] / 1000.0, s[(int) (s.length * 0.99)] / 1000.0);
    }

    /** A frame of the same size as a small request, echoed by a Netty server using the same codec. */
    private static long[] rawNettyPingPong() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(2);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new FrameDecoder(1 << 20, false),
                                            FrameEncoder.INSTANCE,
                                            new SimpleChannelInboundHandler<Frame>() {
                                                @Override
                                                protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                                    ctx.writeAndFlush(f);
                                                }
                                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            AtomicReference<CompletableFuture<Frame>> pending = new AtomicReference<>();
            Channel client = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new FrameDecoder(1 << 20, false),
                                            FrameEncoder.INSTANCE,
                                            new SimpleChannelInboundHandler<Frame>() {
                                                @Override
                                                protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                                    java.util.Objects.requireNonNull(pending.get())
                                                            .complete(f);
                                                }
                                            });
                        }
                    })
                    .connect(server.localAddress())
                    .sync()
                    .channel();
            byte[] payload = new byte[300];
            long[] result = measure(() -> {
                CompletableFuture<Frame> f = new CompletableFuture<>();
                pending.set(f);
                client.writeAndFlush(new Frame(2, payload));
                return f;
            });
            client.close().sync();
            server.close().sync();
            return result;
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).sync();
        }
    }
}

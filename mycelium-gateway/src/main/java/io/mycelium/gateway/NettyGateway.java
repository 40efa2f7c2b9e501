package io.mycelium.gateway;

import io.mycelium.ServiceBroker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on Netty: one listener whose pipeline reads HTTP, answers the HTTP API and the mesh page
 * ({@link HttpRouter}), or checks an upgrade and then speaks amqp-swarm over WebSocket frames. Own event loops (the broker's are internal to core); client handler chains run on
 * virtual threads.
 */
final class NettyGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(NettyGateway.class);
    private static final int MAX_HTTP_REQUEST = 16 * 1024;

    private final ServiceBroker broker;
    private final GatewayOptions options;
    private final ExecutorService handlerExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Handlers clientHandlers = new Handlers(handlerExecutor);
    private final Handlers serverHandlers = new Handlers(handlerExecutor);
    private final Handlers remoteHandlers = new Handlers(handlerExecutor);
    private final Switchboard board;
    private final ClientRequests requests;
    private final AtomicInteger connections = new AtomicInteger();
    private final MeshView mesh;
    private final HttpApi http;
    private final Object lifecycle = new Object();
    private @Nullable EventLoopGroup boss;
    private @Nullable EventLoopGroup workers;
    private volatile @Nullable Channel listener;
    private boolean closed;

    NettyGateway(ServiceBroker broker, GatewayOptions options, @Nullable HttpAuthorizer authorizer) {
        this.broker = broker;
        this.options = options;
        this.board = new Switchboard(broker, options, serverHandlers, remoteHandlers);
        this.requests = new ClientRequests(broker, options, board, clientHandlers);
        this.mesh = new MeshView(broker, Patterns.of(options.allowedActions()));
        GatewayHealth health = new GatewayHealth(broker, () -> {
            Channel l = listener;
            return l != null && l.isActive();
        });
        this.http = new HttpApi(broker, options, authorizer, handlerExecutor, mesh, health);
        broker.register(GatewayService.create(broker, board, Patterns.of(options.allowedEvents()), mesh));
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (listener != null || closed) {
                return;
            }
            boss = new NioEventLoopGroup(1);
            workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(
                                    options.writeBufferLowWaterMark(), options.writeBufferHighWaterMark()))
                    .childHandler(new Initializer());
            try {
                listener = b.bind(options.host(), options.port()).sync().channel();
            } catch (Exception e) {
                shutdownLoops();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new GatewayException("Cannot listen on " + options.host() + ":" + options.port(), e);
            }
            LOG.info("Gateway of {} listening on {}", broker.nodeId(), listener.localAddress());
        }
    }

    @Override
    public int port() {
        Channel l = listener;
        if (l == null) {
            throw new IllegalStateException("gateway not started");
        }
        return ((InetSocketAddress) l.localAddress()).getPort();
    }

    @Override
    public GatewayOptions options() {
        return options;
    }

    @Override
    public Gateway onClient(String name, RequestHandler handler) {
        clientHandlers.add(name, handler);
        return this;
    }

    @Override
    public Gateway onServer(String name, RequestHandler handler) {
        serverHandlers.add(name, handler);
        return this;
    }

    @Override
    public Gateway onRemoteClient(String name, RequestHandler handler) {
        remoteHandlers.add(name, handler);
        return this;
    }

    @Override
    public ClientNode client(String id) {
        return board.node(id);
    }

    @Override
    public List<ClientInfo> clients() {
        return board.localInfo();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            mesh.close();
            for (ClientSession s : board.sessions()) {
                s.closeGoingAway();
            }
            if (listener != null) {
                listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            shutdownLoops();
            handlerExecutor.shutdown();
            try {
                broker.unregister(Switchboard.SERVICE); // the mesh stops routing clients' requests here
            } catch (RuntimeException e) {
                LOG.debug("Cannot unregister {}: {}", Switchboard.SERVICE, e.toString());
            }
        }
    }

    private void shutdownLoops() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private final class Initializer extends ChannelInitializer<SocketChannel> {
        private final ChannelHandler limiter = new ConnectionLimiter();

        @Override
        protected void initChannel(SocketChannel ch) {
            WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true)
                    .maxFramePayloadLength(options.maxFramePayload())
                    .handshakeTimeoutMillis(10_000)
                    .allowExtensions(false)
                    .dropPongFrames(true)
                    .build();
            ChannelPipeline p = ch.pipeline();
            p.addLast("limit", limiter);
            p.addLast("flush", new FlushConsolidationHandler(256, true));
            p.addLast("idle", new IdleStateHandler(options.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
            p.addLast("router", new HttpRouter(http));
            p.addLast("http-aggregate", new HttpObjectAggregator(MAX_HTTP_REQUEST));
            p.addLast("handshake", new HandshakeHandler(options, mesh));
            p.addLast("ws", new WebSocketServerProtocolHandler(ws));
            p.addLast("ws-aggregate", new WebSocketFrameAggregator(options.maxFramePayload()));
            p.addLast("session", new SessionHandler(options, board, requests));
        }
    }

    /** Refuses connections beyond {@link GatewayOptions#maxConnections()} by closing them at once. */
    @ChannelHandler.Sharable
    private final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (connections.incrementAndGet() > options.maxConnections()) {
                LOG.warn(
                        "Refusing {}: {} connections already", ctx.channel().remoteAddress(), options.maxConnections());
                ctx.close();
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            connections.decrementAndGet();
            super.channelInactive(ctx);
        }
    }
}

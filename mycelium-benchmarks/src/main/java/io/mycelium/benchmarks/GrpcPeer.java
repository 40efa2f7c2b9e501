package io.mycelium.benchmarks;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java server on loopback (Netty transport): unary echo and an event sink, on gRPC's default executor or,
 * with {@code direct}, on the Netty thread ({@code directExecutor()}, for handlers that never block).
 */
final class GrpcPeer implements Peer.PeerServer {
    private final Server server;

    GrpcPeer(EventCounter counter, boolean direct) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Bench")
                .addMethod(GrpcMethods.ECHO, ServerCalls.asyncUnaryCall((byte[] req, StreamObserver<byte[]> obs) -> {
                    obs.onNext(req);
                    obs.onCompleted();
                }))
                .addMethod(GrpcMethods.SINK, ServerCalls.asyncClientStreamingCall(obs -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] event) {
                        counter.increment();
                    }

                    @Override
                    public void onError(Throwable t) {
                        System.err.println("grpc sink failed: " + t);
                    }

                    @Override
                    public void onCompleted() {
                        obs.onNext(new byte[0]);
                        obs.onCompleted();
                    }
                }))
                .build();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(service);
        if (direct) {
            b.directExecutor();
        }
        this.server = b.build().start();
    }

    @Override
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
}

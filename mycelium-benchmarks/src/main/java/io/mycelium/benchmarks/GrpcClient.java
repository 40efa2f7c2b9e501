package io.mycelium.benchmarks;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * gRPC-java unary calls on one channel (one HTTP/2 connection): with gRPC's default executor, or with
 * {@code directExecutor()}, gRPC's advice for fast non-blocking code (callbacks run on the Netty thread).
 */
final class GrpcClient implements RequestReply {
    private final ManagedChannel channel;

    GrpcClient(int port, boolean direct) {
        NettyChannelBuilder b =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
        if (direct) {
            b.directExecutor();
        }
        this.channel = b.build();
    }

    @Override
    public CompletableFuture<?> call(Payload payload) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        var call = ClientCalls.futureUnaryCall(channel.newCall(GrpcMethods.ECHO, CallOptions.DEFAULT), payload.bytes());
        call.addListener(
                () -> {
                    try {
                        f.complete(call.get());
                    } catch (Exception e) {
                        f.completeExceptionally(e);
                    }
                },
                Runnable::run);
        return f;
    }

    /** A client stream sending while the transport is ready (HTTP/2 flow control), so nothing piles up. */
    @Override
    public EventStream openEvents() {
        ClientCall<byte[], byte[]> call = channel.newCall(GrpcMethods.SINK, CallOptions.DEFAULT);
        Object ready = new Object();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onReady() {
                        synchronized (ready) {
                            ready.notifyAll();
                        }
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                        synchronized (ready) {
                            ready.notifyAll();
                        }
                    }
                },
                new Metadata());
        call.request(1);
        return new EventStream() {
            @Override
            public void emit(Payload payload) throws Exception {
                if (!call.isReady()) {
                    synchronized (ready) {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (!call.isReady() && !closed.isDone()) {
                            long left = deadline - System.nanoTime();
                            if (left <= 0) {
                                throw new TimeoutException("gRPC stream not ready for 10 s");
                            }
                            ready.wait(Math.max(1, left / 1_000_000));
                        }
                    }
                }
                call.sendMessage(payload.bytes());
            }

            @Override
            public void close() throws Exception {
                call.halfClose();
                Status status = closed.get(10, TimeUnit.SECONDS);
                if (!status.isOk()) {
                    throw status.asException();
                }
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
}

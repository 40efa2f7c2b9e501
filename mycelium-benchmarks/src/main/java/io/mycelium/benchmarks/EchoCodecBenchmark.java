package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the serving side of an echo call does with the packets: decode a REQUEST, answer with a RESPONSE
 * whose data is the request's params. Run with {@code -prof gc} for the allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init")
public class EchoCodecBenchmark {

    @Param({"json", "msgpack", "cbor"})
    public String format;

    @Param({"100B", "16KiB"})
    public String payload;

    private Serializer serializer;
    private byte[] request;

    @Setup
    public void setUp() {
        serializer = ServiceLoader.load(SerializerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(format))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no serializer " + format))
                .create();
        Payload body = payload.equals("16KiB") ? Payload.large() : Payload.small();
        RequestPacket p = SerializerBenchmark.request();
        request = serializer.serialize(new RequestPacket(
                p.sender(),
                p.id(),
                p.action(),
                body.tree(),
                p.meta(),
                p.headers(),
                p.timeout(),
                p.level(),
                p.tracing(),
                p.parentId(),
                p.requestId(),
                p.caller(),
                false,
                OptionalInt.empty()));
    }

    @Benchmark
    public byte[] echo() {
        RequestPacket in = (RequestPacket) serializer.deserialize(PacketType.REQUEST, request);
        return answer(in);
    }

    /** The same with a handler that looks at its params first (so a JSON payload is parsed after all). */
    @Benchmark
    public byte[] readAndEcho() {
        RequestPacket in = (RequestPacket) serializer.deserialize(PacketType.REQUEST, request);
        if (in.params().size() == 0) {
            throw new IllegalStateException("no params");
        }
        return answer(in);
    }

    private byte[] answer(RequestPacket in) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return serializer.serialize(new ResponsePacket(
                "bench-server",
                in.id(),
                true,
                in.params(),
                Optional.empty(),
                f.objectNode(),
                f.objectNode(),
                false,
                OptionalInt.empty()));
    }
}

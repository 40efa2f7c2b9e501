package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
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

/** Encoding and decoding one REQUEST packet carrying the ~100-byte payload, per serializer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init")
public class SerializerBenchmark {

    @Param({"json", "msgpack", "cbor"})
    public String format;

    private Serializer serializer;
    private RequestPacket packet;
    private byte[] bytes;

    @Setup
    public void setUp() {
        serializer = ServiceLoader.load(SerializerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(format))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no serializer " + format))
                .create();
        packet = request();
        bytes = serializer.serialize(packet);
    }

    static RequestPacket request() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return new RequestPacket(
                "bench-client",
                "8f0e2c7a-5b1d-4c55-9a3e-6d2f1b7c9e01",
                "bench.echo",
                Payload.small().tree(),
                f.objectNode(),
                f.objectNode(),
                10_000,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.of("8f0e2c7a-5b1d-4c55-9a3e-6d2f1b7c9e01"),
                Optional.empty(),
                false,
                OptionalInt.empty());
    }

    @Benchmark
    public byte[] encode() {
        return serializer.serialize(packet);
    }

    @Benchmark
    public Packet decode() {
        return serializer.deserialize(PacketType.REQUEST, bytes);
    }
}

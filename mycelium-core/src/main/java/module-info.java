/**
 * Mycelium's core: the broker API, the extension SPIs, the Moleculer packets, request statistics and the
 * TCP transporter. Only those packages are exported; {@code io.mycelium.internal.*} is not API, and on the
 * module path a user cannot reach it (not by import, not by reflection).
 *
 * <p>A user's module that registers services reading params into its own records opens that package to
 * {@code com.fasterxml.jackson.databind} (binding) and, for Bean Validation constraints, to
 * {@code org.hibernate.validator}; annotated services ({@code @Action}) open theirs to this module.
 *
 * <p>On the class path (every other Mycelium module runs there today) none of this applies, which is why
 * the {@code META-INF/services} files stay beside the {@code provides} clauses below.
 */
// Netty, Hibernate Validator, Expressly and jackson-dataformat-msgpack are automatic modules (the last
// without an Automatic-Module-Name: its name comes from its file name); the qualified export names a
// module that is not on the module path while this one compiles
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module io.mycelium.core {
    // API: the broker, contexts, options and exceptions (params and results are Jackson trees)
    exports io.mycelium;
    // API: what BrokerStatistics and the $node.metrics action return; mycelium-micrometer reads it
    exports io.mycelium.stats;
    // API: the Moleculer packets, which the Serializer SPI and middlewares see
    exports io.mycelium.protocol;
    // API: the TCP transporter's options, its error and NettyTcpTransporter (the zmq module reuses its
    // UDP BeaconDiscovery); the package's codec and connection classes are package-private
    exports io.mycelium.transport.tcp;

    // SPI: transporters, serializers, discoverers, strategies and middlewares that other modules implement
    exports io.mycelium.spi;

    // Internal: the statistics' hot path alone, measured by StatisticsBenchmark and StatisticsCpuCost
    // (mycelium-benchmarks names itself in its jar manifest); no other module sees an internal package
    exports io.mycelium.internal.stats to
            io.mycelium.benchmarks;

    // Types of the API: JsonNode in params and results, @Nullable on signatures, Netty's Channel on
    // NettyTcpTransporter's public connection callbacks
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.jspecify;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;

    // Internal: logging, the other wire formats, the frame codec and TLS, Bean Validation of record params
    // (Hibernate Validator, named explicitly in Validators, with Expressly as the Jakarta EL its messages
    // need), the CPU and memory figures of $node.health (com.sun.management) and the certificate's CN
    // that a TLS peer's node ID is checked against (javax.naming.ldap)
    requires org.slf4j;
    requires com.fasterxml.jackson.dataformat.cbor;
    requires jackson.dataformat.msgpack;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.handler;
    requires jakarta.validation;
    requires org.hibernate.validator;
    requires org.glassfish.expressly;
    // Hibernate Validator and Expressly are automatic modules and declare nothing, so the named modules
    // they use are required here: without them the validator fails to start on the module path
    // (NoClassDefFoundError: jakarta.el.ELManager, com.fasterxml.classmate.TypeResolver)
    requires jakarta.el;
    requires com.fasterxml.classmate;
    // likewise Netty's sun.misc.Unsafe: without it Netty falls back to heap buffers on the module path,
    // unlike on the class path where every JDK module is resolved
    requires jdk.unsupported;
    requires jdk.management;
    requires java.naming;

    uses io.mycelium.spi.BrokerFactory;
    uses io.mycelium.spi.DiscovererProvider;
    uses io.mycelium.spi.Middleware;
    uses io.mycelium.spi.SerializerProvider;
    uses io.mycelium.spi.TransporterProvider;

    // the same providers as META-INF/services, which class-path users read
    provides io.mycelium.spi.BrokerFactory with
            io.mycelium.internal.broker.DefaultBrokerFactory;
    provides io.mycelium.spi.SerializerProvider with
            io.mycelium.internal.serializer.JsonSerializerProvider,
            io.mycelium.internal.serializer.MsgPackSerializerProvider,
            io.mycelium.internal.serializer.CborSerializerProvider;
    provides io.mycelium.spi.TransporterProvider with
            io.mycelium.internal.memory.MemoryTransporterProvider,
            io.mycelium.transport.tcp.TcpTransporterProvider;
}

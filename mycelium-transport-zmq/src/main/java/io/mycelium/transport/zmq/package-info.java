/**
 * The brokerless ZeroMQ transporter ({@code zmq://}), on JeroMQ (pure Java): each node binds one ROUTER
 * socket and keeps one DEALER socket per peer; peers are found by the UDP beacons of {@code tcp://}, and
 * the broker's own DISCOVER, INFO and HEARTBEAT packets do the rest, as on a message broker. With
 * {@code keys} the beacons are signed and every connection runs CurveZMQ under keys derived from the mesh
 * key. Create it by URL through {@code ServiceLoader} ({@link io.mycelium.transport.zmq.ZmqTransporterProvider}).
 */
@NullMarked
package io.mycelium.transport.zmq;

import org.jspecify.annotations.NullMarked;

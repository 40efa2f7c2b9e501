/**
 * The transporter contract suite and its helpers. Every transporter module extends
 * {@link io.mycelium.transport.testkit.TransporterContractSuite} in its tests and runs it against its real
 * broker, so all transports prove the same behaviour; broker transporters also extend
 * {@link io.mycelium.transport.testkit.BrokerOutageSuite} with a private broker process
 * ({@link io.mycelium.transport.testkit.BrokerProcess}) that the suite kills and restarts, and
 * {@link io.mycelium.transport.testkit.NodeCrashSuite}: server nodes in child JVMs
 * ({@link io.mycelium.transport.testkit.NodeProcess}) SIGKILLed or SIGSTOPped, and the broker restarted,
 * under continuous calls ({@link io.mycelium.transport.testkit.CallLoad}). The chaos suite
 * ({@link io.mycelium.transport.testkit.ChaosSuite}, {@link io.mycelium.transport.testkit.BrokerChaosSuite})
 * kills server nodes and brokers mid-traffic and counts what became of every call and event
 * (docs/reliability.md).
 */
@NullMarked
package io.mycelium.transport.testkit;

import org.jspecify.annotations.NullMarked;

/**
 * The transporter contract suite and its helpers. Every transporter module extends
 * {@link io.mycelium.transport.testkit.TransporterContractSuite} in its tests and runs it against its real
 * broker, so all transports prove the same behaviour; broker transporters also extend
 * {@link io.mycelium.transport.testkit.BrokerOutageSuite} with a private broker process
 * ({@link io.mycelium.transport.testkit.BrokerProcess}) that the suite kills and restarts.
 */
@NullMarked
package io.mycelium.transport.testkit;

import org.jspecify.annotations.NullMarked;

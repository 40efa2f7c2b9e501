/**
 * The NATS transporter ({@code nats://host:4222}), on the official jnats client. Topics are Moleculer's
 * ({@code MOL[-<namespace>].<CMD>[.<nodeID>]}); balanced requests and events use NATS queue groups, so
 * Mycelium and Moleculer nodes share one mesh on one NATS server. Create it by URL through
 * {@code ServiceLoader} ({@link io.mycelium.transport.nats.NatsTransporterProvider}) or with
 * {@link io.mycelium.transport.nats.NatsTransporter#create(NatsOptions)}.
 */
@NullMarked
package io.mycelium.transport.nats;

import org.jspecify.annotations.NullMarked;

/**
 * The Redis transporter ({@code redis://} and {@code rediss://}, on Lettuce) and the Redis discoverer.
 * The transporter publishes on Moleculer's channels ({@code MOL[-<namespace>].<CMD>[.<nodeID>]}) over
 * one connection and subscribes over another; Redis pub/sub cannot balance, so balanced requests and
 * events are left to the built-in balancer. The discoverer keeps each node's INFO and heartbeat in Redis
 * keys with an expiry (the key layout of Moleculer's Redis discoverer), so discovery can run on Redis
 * while messages travel over any transporter.
 */
@NullMarked
package io.mycelium.transport.redis;

import org.jspecify.annotations.NullMarked;

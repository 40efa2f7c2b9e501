/**
 * The AMQP 0-9-1 transporter (RabbitMQ), registered for {@code amqp://} and {@code amqps://}. Exchange and
 * queue names and declarations are those of Moleculer's AMQP transporter, so Moleculer and Mycelium nodes
 * share one RabbitMQ. Users pick it with a URL; nothing here is called directly.
 */
@NullMarked
package io.mycelium.transport.amqp;

import org.jspecify.annotations.NullMarked;

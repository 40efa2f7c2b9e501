/**
 * The MQTT transporter (MQTT 3.1.1 through the HiveMQ client), registered for {@code mqtt://} and
 * {@code mqtts://}. Topics are Moleculer's ({@code PREFIX.<CMD>[.<nodeID>]}), so Moleculer and Mycelium
 * nodes share one MQTT broker. Users pick it with a URL; nothing here is called directly.
 */
@NullMarked
package io.mycelium.transport.mqtt;

import org.jspecify.annotations.NullMarked;

/**
 * OpenTelemetry tracing of a broker's calls and events ({@link io.mycelium.opentelemetry.MyceliumTracing}),
 * carried in Moleculer's packet fields so a trace continues across Moleculer and Mycelium nodes.
 */
@NullMarked
package io.mycelium.opentelemetry;

import org.jspecify.annotations.NullMarked;

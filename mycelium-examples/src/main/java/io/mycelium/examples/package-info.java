/**
 * Small runnable programs, one per feature. Each {@code main} takes an optional transporter URL (default:
 * the brokerless {@code tcp://}) and runs in a namespace of its own.
 */
@NullMarked
package io.mycelium.examples;

import org.jspecify.annotations.NullMarked;

/** The broker implementation: lifecycle, calls, events, context. Not API. */
@NullMarked
package io.mycelium.internal.broker;

import org.jspecify.annotations.NullMarked;

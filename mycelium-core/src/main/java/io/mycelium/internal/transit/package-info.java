/** Mycelium internals (transit). Not API: may change at any time. */
@NullMarked
package io.mycelium.internal.transit;

import org.jspecify.annotations.NullMarked;

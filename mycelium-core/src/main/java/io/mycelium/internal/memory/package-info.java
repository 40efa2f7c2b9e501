/** Mycelium internals (memory). Not API: may change at any time. */
@NullMarked
package io.mycelium.internal.memory;

import org.jspecify.annotations.NullMarked;

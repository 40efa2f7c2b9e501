/** Mycelium internals (registry). Not API: may change at any time. */
@NullMarked
package io.mycelium.internal.registry;

import org.jspecify.annotations.NullMarked;

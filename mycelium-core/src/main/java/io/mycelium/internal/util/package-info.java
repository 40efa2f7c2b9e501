/** Mycelium internals (util). Not API: may change at any time. */
@NullMarked
package io.mycelium.internal.util;

import org.jspecify.annotations.NullMarked;

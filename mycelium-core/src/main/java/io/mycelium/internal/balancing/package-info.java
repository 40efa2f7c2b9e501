/** Built-in balancing strategies. Not API. */
@NullMarked
package io.mycelium.internal.balancing;

import org.jspecify.annotations.NullMarked;

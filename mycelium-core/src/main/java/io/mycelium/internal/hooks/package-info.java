/**
 * Internal, not API: the chain an action's handler runs in (params validation, before, after and error
 * hooks) and the binding of hook annotations.
 */
@NullMarked
package io.mycelium.internal.hooks;

import org.jspecify.annotations.NullMarked;

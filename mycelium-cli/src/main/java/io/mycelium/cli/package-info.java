/**
 * The {@code mycelium} command: a node runner, call/emit/inspect commands, a REPL and the demo. An
 * application, not a library: nothing here is API.
 */
@NullMarked
package io.mycelium.cli;

import org.jspecify.annotations.NullMarked;

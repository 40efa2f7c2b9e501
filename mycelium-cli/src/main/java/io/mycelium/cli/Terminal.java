package io.mycelium.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command writes: results on {@code out}, errors and narration on {@code err}. The REPL swaps in
 * writers that print above its prompt.
 */
record Terminal(PrintWriter out, PrintWriter err, InputStream in) {}

/**
 * Interoperability tests: Mycelium (Java) and real Moleculer 0.15 nodes (Node.js, from npm) on one mesh,
 * over every transporter and serializer both sides support. {@link io.mycelium.interop.NodePeer} runs a
 * Moleculer node as a child process; {@link io.mycelium.interop.NodeModules} installs its npm packages.
 */
@NullMarked
package io.mycelium.interop;

import org.jspecify.annotations.NullMarked;

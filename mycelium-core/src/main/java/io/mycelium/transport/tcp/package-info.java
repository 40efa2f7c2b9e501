/**
 * The brokerless TCP transporter, the embedded default ({@code tcp://}), wire-compatible with Moleculer
 * 0.15's TCP transporter.
 *
 * <h2>Wire</h2>
 * Every frame is a 6-byte header and a serialized packet: byte 0 is the XOR of bytes 1-5, bytes 1-4 the
 * frame length (header included, signed 32-bit big-endian), byte 5 the packet type (EVENT 1, REQUEST 2,
 * RESPONSE 3, PING 4, PONG 5, GOSSIP_REQ 6, GOSSIP_RES 7, GOSSIP_HELLO 8). A frame with a wrong checksum,
 * a length below 6 or above {@code maxPacketSize}, or an unknown type closes its connection with a logged
 * reason; a packet that does not deserialize is dropped. Each node listens on one port and dials the
 * nodes it sends to (one connection per direction between two nodes); a dialer first sends GOSSIP_HELLO
 * {@code {host, port}}. Nodes are found by UDP datagrams {@code namespace|nodeID|port} (multicast
 * 239.0.0.0:4445 TTL 1 by default, or broadcast), by static URLs, and by gossip, which spreads INFO and
 * CPU every {@code gossipPeriod}.
 *
 * <h2>Dial-only nodes (a Mycelium extension, off by default)</h2>
 * With {@code listen=false} a node opens no listening socket: its GOSSIP_HELLO and INFO announce port 0 and it
 * sends no UDP beacon. A node that accepts a connection whose GOSSIP_HELLO says port 0 writes every packet for
 * that node on it (see {@code ConnectionPool#adopt}) and never dials it; sending to a dial-only node without
 * such a connection fails with {@link io.mycelium.transport.tcp.TcpTransportException#DIAL_ONLY}. With
 * {@code friendly=false} gossip answers carry only the answering node's own row (and the asker's).
 *
 * <h2>Key handshake (a Mycelium extension, off unless keys are configured)</h2>
 * With keys, a connection carries no packet until both sides proved they hold a common pre-shared key.
 * Right after the TCP (or TLS) connection is up, each side sends an {@code AUTH_HELLO} frame (type 100):
 * <pre>
 *   u8 version (2) | u8 role ('D' dialer, 'L' listener) | 32 bytes random challenge
 *   | u16 length + UTF-8 node id | u8 count | count x (u16 length + UTF-8 key id)
 *   | u16 length + instance public key (Ed25519, X.509 encoded)
 * </pre>
 * On the peer's hello each side checks that the role is the other one, that the challenge is not its own,
 * that a dialer reached the node it meant to, and picks the first of its own key ids (in configuration
 * order) that the peer also holds; then it sends an {@code AUTH_PROOF} frame (type 101) — the dialer at
 * once, the listener only after checking the dialer's proof (so a peer without a key obtains no proof and
 * costs the listener no signature):
 * <pre>
 *   u8 version (2) | u16 length + UTF-8 key id | 32 bytes HMAC-SHA256(key, m) | u16 length + Ed25519(m)
 *   m = "mycelium-tcp-auth-v2" | u8 role of the prover | str dialer node id | str listener node id
 *       | dialer challenge | listener challenge | str key id
 *       | bytes dialer instance key | bytes listener instance key   (str, bytes = u16 length + content)
 * </pre>
 * The receiver recomputes the MAC for the peer's role with the named key (which it must hold) and
 * compares in constant time, then checks the signature with the instance key of the peer's hello. Because the MAC covers both fresh challenges it cannot be replayed on
 * another connection; because it covers the prover's role it cannot be reflected back to the node that
 * produced it; because it covers both node ids it cannot be relayed to a third node. Keys never cross the
 * wire. Any frame other than these two before both proofs pass, a missing common key id, a wrong proof or
 * a handshake longer than {@code handshakeTimeout} closes the connection with a logged reason. Several
 * key ids may be held at once, so keys are rotated node by node without stopping the mesh.
 *
 * <p>The handshake binds the connection to the node id it proved: every packet on it must carry that id as
 * {@code sender} (others are dropped and counted). The instance key is made when the transporter starts and
 * is the same on every connection of one running node: a connection proving another instance under a node
 * id that open connections hold waits up to a second while the holder is probed, and is admitted only if
 * the holder's connections close (a restart) or it was silent for {@code nodeTimeout}; else it is refused.
 * A key holder therefore cannot speak as, or take the id of, another live node (see docs/security.md).
 *
 * <h2>Redundant connections (a Mycelium extension, off by default)</h2>
 * With {@code connectionsPerPeer} above 1 (roletalk's redundant connections) a node keeps that many
 * outgoing connections to each peer and sends round-robin over the ready ones. When one of them ends, the
 * frames it had not written move to another, the peer stays available, and the slot is dialled again on a
 * later send (not sooner than a second after it failed); only the loss of every connection to a peer is
 * the loss of the peer. Packets to one peer may then arrive out of order, which Moleculer's protocol allows
 * (stream chunks carry {@code seq}).
 *
 * <h2>TLS (a Mycelium extension, off by default)</h2>
 * With TLS options every connection is TLS (PEM certificate chain and key; optional trusted certificates
 * and mutual authentication), the key handshake, when on, running inside it. With mutual TLS and
 * {@code certificateNodeIds}, a certificate's subject CN is the node id of its connections: a dialer refuses
 * a listener whose certificate names another node, and every packet's {@code sender} must equal it.
 */
@NullMarked
package io.mycelium.transport.tcp;

import org.jspecify.annotations.NullMarked;

package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipRequestPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.spi.TransportContext;
import io.netty.channel.Channel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moleculer's gossip protocol (GOSSIP_HELLO, GOSSIP_REQ, GOSSIP_RES) and the failure detector. Every
 * method runs on the transporter's control event loop, which confines the gossip state of each
 * {@link Peer}.
 *
 * <p>Two differences from Moleculer, both wire-compatible: the local {@code cpuSeq} grows every round
 * (it starts from the wall clock, so a restarted node is never behind) and so works as a gossip
 * heartbeat for the silence timeout; and a node heard for the first time (UDP, GOSSIP_HELLO) is asked
 * for its INFO at once instead of at the next round, so discovery takes milliseconds.
 */
final class Gossip {

    private static final Logger LOG = LoggerFactory.getLogger(Gossip.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long PROBE_INTERVAL_NANOS = 300_000_000L;
    private static final long NUDGE_INTERVAL_NANOS = 1_000_000_000L;
    private static final long OWN_ID_REPLY_INTERVAL_NANOS = 10_000_000_000L;
    private static final int MAX_NUDGED = 1024;
    private static final int FIRST_ROUND_PEERS = 3;

    private final TransportContext context;
    private final TcpTransporterOptions options;
    private final GossipLink link;
    private final String self;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();
    private final Map<String, Long> lastNudge = new ConcurrentHashMap<>();
    private final java.util.Set<String> staticIds = ConcurrentHashMap.newKeySet();
    private final Ghosts ghosts = new Ghosts();
    private final LogLimiter ghostLog = new LogLimiter(LOG, 5, 60, java.util.concurrent.TimeUnit.SECONDS);

    private boolean firstRound = true;
    private long lastTickNanos;
    private long localSeqOffset;
    private long localCpuSeq;
    private int localCpu;
    private volatile int measuredCpu;
    private volatile boolean measuring;

    Gossip(TransportContext context, TcpTransporterOptions options, GossipLink link) {
        this.context = context;
        this.options = options;
        this.link = link;
        this.self = context.nodeId();
    }

    /** Peers by node id; the map is read by dialers on any thread. */
    Map<String, Peer> peers() {
        return peers;
    }

    // ---------------------------------------------------------------- local node

    long localSeq() {
        return context.localInfo().seq() + localSeqOffset;
    }

    ObjectNode localTree() {
        return InfoTrees.localTree(context.localInfo(), localSeq(), link.port());
    }

    private void bumpLocalCpu() {
        localCpuSeq = Math.max(localCpuSeq + 1, System.currentTimeMillis());
        localCpu = measuredCpu;
        if (!measuring) {
            // the first use of the management beans is slow and reads /proc: off the event loop
            measuring = true;
            Thread.ofVirtual().name("mycelium-tcp-cpu").start(() -> {
                double load = cpuLoad();
                measuredCpu = load < 0 ? 0 : (int) Math.round(Math.min(1.0, load) * 100);
                measuring = false;
            });
        }
    }

    private static double cpuLoad() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getCpuLoad();
        }
        return os.getSystemLoadAverage() / Math.max(1, os.getAvailableProcessors());
    }

    // ---------------------------------------------------------------- learning addresses

    void addStatic(StaticPeer sp) {
        Peer peer = peers.computeIfAbsent(sp.nodeId(), id -> new Peer(id, System.nanoTime()));
        peer.hostname = sp.host();
        peer.ipList = List.of(sp.host());
        peer.port = sp.port();
        staticIds.add(sp.nodeId());
    }

    /**
     * A UDP beacon. True when its sender should get this node's beacon back at once: it announces a node
     * known live here on another port, a second instance of that id that no gossip would reach (gossip
     * dials the id), so it learns of this node and asks it (see {@link #onRequest}).
     */
    boolean onUdp(String nodeId, String address, int port) {
        if (port <= 0 || port > 65535) {
            return false;
        }
        if (nodeId.equals(self)) {
            if (port == link.port() && Addresses.local(address)) {
                context.ownIdAnnounced(false, address + ":" + port);
                return false;
            }
            context.ownIdAnnounced(
                    true, address + ":" + port + " (UDP discovery; this node listens on port " + link.port() + ")");
            // our own beacon back, so that a starting instance with our id hears of us and refuses
            return nudgeDue("self@" + address + ":" + port, OWN_ID_REPLY_INTERVAL_NANOS);
        }
        Peer peer = peers.get(nodeId);
        if (peer == null) {
            if (ghosts.quarantined(nodeId, System.nanoTime())) {
                return false;
            }
            int waiting = unconfirmed();
            if (waiting >= options.maxUnconfirmedPeers()) {
                ghostLog.warn(
                        "Ignoring the UDP discovery of '{}' at {}:{}: {} discovered nodes have not answered yet"
                                + " (maxUnconfirmedPeers)",
                        nodeId,
                        address,
                        port,
                        waiting);
                return false;
            }
            peer = offlinePeer(nodeId, address, port);
            peer.fromUdp = true;
        } else if (!peer.available) {
            peer.port = port;
            peer.hostname = address;
            if (!peer.ipList.contains(address)) {
                List<String> ips = new ArrayList<>(peer.ipList);
                ips.add(0, address);
                peer.ipList = List.copyOf(ips);
            }
        } else if (peer.port != port) {
            return nudgeDue(nodeId);
        }
        peer.udpAddress = address;
        if (!peer.available) {
            probe(peer);
        }
        return false;
    }

    private boolean nudgeDue(String nodeId) {
        return nudgeDue(nodeId, NUDGE_INTERVAL_NANOS);
    }

    private boolean nudgeDue(String nodeId, long interval) {
        long now = System.nanoTime();
        Long last = lastNudge.get(nodeId);
        if (last != null && now - last < interval) {
            return false;
        }
        if (lastNudge.size() > MAX_NUDGED) {
            lastNudge.clear();
        }
        lastNudge.put(nodeId, now);
        return true;
    }

    void onHello(GossipHelloPacket hello, @Nullable String remoteIp) {
        String nodeId = hello.sender();
        if (nodeId.equals(self)) {
            return;
        }
        Peer peer = peers.get(nodeId);
        if (peer == null) {
            peer = offlinePeer(nodeId, hello.host(), hello.port());
        } else if (!peer.available && hello.port() > 0) {
            peer.port = hello.port();
        }
        if (peer.udpAddress == null && remoteIp != null) {
            peer.udpAddress = remoteIp;
        }
        peer.lastHeardNanos = System.nanoTime();
        if (!peer.available) {
            probe(peer);
        }
    }

    /** Nodes learned from UDP discovery that never answered. */
    int unconfirmed() {
        int n = 0;
        for (Peer peer : peers.values()) {
            if (isGhostCandidate(peer)) {
                n++;
            }
        }
        return n;
    }

    private boolean isGhostCandidate(Peer peer) {
        return peer.fromUdp && peer.info == null && !peer.available && !staticIds.contains(peer.id);
    }

    private void forgetGhost(Peer peer, String why) {
        if (!peers.remove(peer.id, peer)) {
            return;
        }
        lastProbe.remove(peer.id);
        link.closeConnection(peer.id);
        long quarantine = ghosts.forgotten(peer.id, System.nanoTime());
        ghostLog.warn(
                "Forgetting node '{}' at {}:{}, which never answered ({}); its beacons are ignored for {} ms",
                peer.id,
                String.valueOf(peer.udpAddress != null ? peer.udpAddress : peer.hostname),
                peer.port,
                why,
                quarantine);
    }

    private Peer offlinePeer(String nodeId, String host, int port) {
        Peer peer = new Peer(nodeId, System.nanoTime());
        peer.hostname = host;
        peer.ipList = List.of(host);
        peer.port = port;
        peers.put(nodeId, peer);
        return peer;
    }

    // ---------------------------------------------------------------- rounds

    /** One gossip round: heartbeat, failure detection, forgetting, then a request to random peers. */
    void tick() {
        bumpLocalCpu();
        long now = System.nanoTime();
        long timeout = options.nodeTimeout().toNanos();
        long forget = options.offlineTimeout().toNanos();
        // A round that comes more than a period late means this node itself stood still (a long GC pause, a
        // starved CPU, a suspended machine) and has not yet read what its peers sent meanwhile: silence
        // measured across the pause says nothing of them, and judging it would take every peer offline at
        // once. The rounds missed then run back to back (a fixed rate catching up), still before the
        // connections are read. Silence is judged only on a round that comes about a period after the last.
        long period = options.gossipPeriod().toNanos();
        long since = now - lastTickNanos;
        boolean late = lastTickNanos != 0 && (since > 2 * period || since < period / 2);
        if (late && since > 2 * period) {
            LOG.debug(
                    "Gossip round {} ms late: no silence judged until the rounds come in time",
                    (since - period) / 1_000_000);
        }
        lastTickNanos = now;
        for (Peer peer : List.copyOf(peers.values())) {
            if (peer.available && !late && now - peer.lastHeardNanos > timeout) {
                markUnreachable(
                        peer, "no sign of life for " + options.nodeTimeout().toMillis() + " ms");
            } else if (isGhostCandidate(peer) && now - peer.offlineSinceNanos > Ghosts.UNANSWERED_NANOS) {
                forgetGhost(peer, "no answer within " + Ghosts.UNANSWERED_NANOS / 1_000_000 + " ms");
            } else if (!peer.available && now - peer.offlineSinceNanos > forget && !staticIds.contains(peer.id)) {
                LOG.info("Forgetting node '{}', offline for more than {}", peer.id, options.offlineTimeout());
                peers.remove(peer.id, peer);
                lastProbe.remove(peer.id);
                link.closeConnection(peer.id);
            }
        }
        sendRequest();
    }

    private void sendRequest() {
        if (peers.isEmpty()) {
            return;
        }
        List<Peer> online = new ArrayList<>();
        List<Peer> offline = new ArrayList<>();
        GossipRequestPacket packet = request(online, offline);
        if (!online.isEmpty()) {
            link.sendGossip(random(online).id, packet);
        }
        if (!offline.isEmpty() && firstRound) {
            // At start, ask a few known peers at once rather than one per round: the node learns the mesh
            // (and whether its id is taken) within its start-up check, even if the first one is a Moleculer
            // node, which answers by dialling the id.
            firstRound = false;
            List<Peer> shuffled = new ArrayList<>(offline);
            java.util.Collections.shuffle(shuffled, ThreadLocalRandom.current());
            for (Peer target : shuffled.subList(0, Math.min(FIRST_ROUND_PEERS, shuffled.size()))) {
                lastProbe.put(target.id, System.nanoTime());
                link.sendGossip(target.id, packet);
            }
        } else if (!offline.isEmpty()) {
            double ratio = (double) offline.size() / (online.size() + 1);
            if (ratio >= 1 || ThreadLocalRandom.current().nextDouble() < ratio) {
                Peer target = random(offline);
                lastProbe.put(target.id, System.nanoTime());
                link.sendGossip(target.id, packet);
            }
        }
    }

    private GossipRequestPacket request(@Nullable List<Peer> onlineOut, @Nullable List<Peer> offlineOut) {
        ObjectNode online = F.objectNode();
        ObjectNode offline = F.objectNode();
        online.set(self, triple(localSeq(), localCpuSeq, localCpu));
        for (Peer peer : peers.values()) {
            if (peer.available) {
                online.set(peer.id, triple(peer.seq, peer.cpuSeq, peer.cpu));
                if (onlineOut != null) {
                    onlineOut.add(peer);
                }
            } else {
                if (peer.seq > 0) {
                    offline.put(peer.id, peer.seq);
                }
                if (offlineOut != null) {
                    offlineOut.add(peer);
                }
            }
        }
        return new GossipRequestPacket(self, online, offline);
    }

    /**
     * Pushes this node's INFO to every online peer as an unsolicited GOSSIP_RES (Moleculer's TCP transporter
     * takes any GOSSIP_RES whose INFO has a higher seq), so a changed service list spreads at once.
     */
    CompletableFuture<Void> announce() {
        ObjectNode online = F.objectNode();
        online.set(self, row(localTree(), localCpuSeq, localCpu));
        GossipResponsePacket packet = new GossipResponsePacket(self, online, F.objectNode());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Peer peer : peers.values()) {
            if (peer.available) {
                sent.add(link.sendGossip(peer.id, packet));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /** Asks one node for what it knows at once (a new or returning node), at most every 300 ms. */
    void probe(Peer peer) {
        long now = System.nanoTime();
        Long last = lastProbe.get(peer.id);
        if (last != null && now - last < PROBE_INTERVAL_NANOS) {
            return;
        }
        lastProbe.put(peer.id, now);
        link.sendGossip(peer.id, request(null, null));
    }

    // ---------------------------------------------------------------- incoming gossip

    /**
     * A GOSSIP_REQ, arrived on {@code via}. When that connection opened with a GOSSIP_HELLO announcing
     * another port or host than the live node of the same id, to which this node holds an open connection,
     * it comes from a second instance of that id:
     * the answer goes back on that connection (dialling the id would reach the live one) and always
     * carries the live node's INFO, so the newcomer sees its id taken; the live node's state is untouched.
     */
    void onRequest(GossipRequestPacket req, @Nullable Channel via) {
        ObjectNode online = F.objectNode();
        ObjectNode offline = F.objectNode();
        String sender = req.sender();
        Peer from = peers.get(sender);
        boolean secondInstance = via != null && from != null && from.available && otherEndpoint(from, via);
        if (from != null && !secondInstance) {
            from.lastHeardNanos = System.nanoTime();
            if (!from.available) {
                // it asks before this node has its INFO (the probe sent on its hello was lost, or is late):
                // ask back now rather than at this node's next round, which may be a long period away
                probe(from);
            }
        }
        answerFor(req, self, null, online, offline);
        for (Peer peer : List.copyOf(peers.values())) {
            // unfriendly (friendly=false): no acquaintance, only this node and the asker's own row
            if (options.friendly() || peer.id.equals(sender)) {
                answerFor(req, peer.id, peer, online, offline);
            }
        }
        if (secondInstance && from != null && via != null) {
            ObjectNode info = from.info;
            if (info != null) {
                online.set(sender, row(info, from.cpuSeq, from.cpu));
            }
            vouchFor(from, via, new GossipResponsePacket(self, online, offline));
            return;
        }
        if (!online.isEmpty() || !offline.isEmpty()) {
            link.sendGossip(sender, new GossipResponsePacket(self, online, offline));
        }
    }

    /**
     * Answers a second instance of {@code live}'s id only once this node holds an open connection to the
     * live one (it dials it when it has none): a node that crashed and restarts on another port is not
     * refused on stale news, since the dial to its old port fails and marks it unreachable instead.
     */
    private void vouchFor(Peer live, Channel via, GossipResponsePacket answer) {
        String id = live.id;
        if (nudgeDue("hello:" + id)) {
            LOG.warn(
                    "Node '{}' is live at port {}, and a second instance with that ID asks for gossip from {};"
                            + " answering it on its own connection once the live one is confirmed (a duplicate"
                            + " node ID, unless the live one just died)",
                    id,
                    live.port,
                    via.remoteAddress());
        }
        if (link.hasOpenConnection(id)) {
            link.replyOn(via, answer);
            return;
        }
        link.sendGossip(id, request(null, null)).thenRun(() -> {
            if (link.hasOpenConnection(id)) {
                link.replyOn(via, answer);
            }
        });
    }

    private static boolean otherEndpoint(Peer live, Channel via) {
        GossipHelloPacket hello = via.attr(TcpChannels.HELLO).get();
        if (hello == null || hello.port() <= 0) {
            return false;
        }
        boolean knownHost = hello.host().equals(live.hostname)
                || live.ipList.contains(hello.host())
                || hello.host().equals(live.udpAddress);
        return hello.port() != live.port || !knownHost;
    }

    private void answerFor(GossipRequestPacket req, String id, @Nullable Peer peer, ObjectNode out, ObjectNode outOff) {
        long nodeSeq = peer == null ? localSeq() : peer.seq;
        boolean available = peer == null || peer.available;
        long nodeCpuSeq = peer == null ? localCpuSeq : peer.cpuSeq;
        int nodeCpu = peer == null ? localCpu : peer.cpu;

        JsonNode on = req.online().get(id);
        JsonNode off = req.offline().get(id);
        boolean isOffline = off != null && off.canConvertToLong() && off.asLong() != 0;
        boolean isOnline = !isOffline && on != null && on.isArray() && on.size() > 0;
        long seq = isOffline ? off.asLong() : isOnline ? on.path(0).asLong(0) : 0;

        if (seq == 0 || seq < nodeSeq) {
            if (available) {
                ObjectNode info = peer == null ? localTree() : peer.info;
                if (info != null) {
                    out.set(id, row(info, nodeCpuSeq, nodeCpu));
                }
            } else if (nodeSeq > 0) {
                outOff.put(id, nodeSeq);
            }
            return;
        }
        if (isOffline) {
            if (peer == null) {
                localSeqOffset += seq + 1 - localSeq();
                out.set(id, row(localTree(), nodeCpuSeq, nodeCpu));
            } else if (!peer.available) {
                peer.seq = Math.max(peer.seq, seq);
            } else if (!doubt(peer, seq)) {
                markUnreachable(peer, "reported offline by '" + req.sender() + "'");
                peer.seq = seq;
            }
        } else if (isOnline && available) {
            long cpuSeq = on.path(1).asLong(0);
            if (cpuSeq > nodeCpuSeq && peer != null) {
                heartbeat(peer, cpuSeq, on.path(2).asInt(0));
            } else if (cpuSeq < nodeCpuSeq) {
                ArrayNode pair = F.arrayNode();
                pair.add(nodeCpuSeq);
                pair.add(nodeCpu);
                out.set(id, pair);
            }
        }
    }

    void onResponse(GossipResponsePacket res) {
        Peer from = peers.get(res.sender());
        if (from != null) {
            from.lastHeardNanos = System.nanoTime();
        }
        res.online().fields().forEachRemaining(e -> {
            String id = e.getKey();
            JsonNode row = e.getValue();
            if (!row.isArray()) {
                return;
            }
            if (id.equals(self)) {
                ownIdInGossip(row);
                return;
            }
            JsonNode info = null;
            long cpuSeq = 0;
            int cpu = 0;
            if (row.size() == 1) {
                info = row.get(0);
            } else if (row.size() == 2) {
                cpuSeq = row.get(0).asLong(0);
                cpu = row.get(1).asInt(0);
            } else if (row.size() == 3) {
                info = row.get(0);
                cpuSeq = row.get(1).asLong(0);
                cpu = row.get(2).asInt(0);
            }
            Peer peer = peers.get(id);
            if (info instanceof ObjectNode tree && (peer == null || peer.seq < InfoTrees.seq(tree))) {
                peer = processInfo(id, tree);
            }
            if (peer != null && cpuSeq > peer.cpuSeq) {
                heartbeat(peer, cpuSeq, cpu);
            }
        });
        res.offline().fields().forEachRemaining(e -> {
            String id = e.getKey();
            Peer peer = peers.get(id);
            if (id.equals(self) || peer == null || !e.getValue().canConvertToLong()) {
                return;
            }
            long seq = e.getValue().asLong();
            if (peer.seq < seq) {
                if (peer.available) {
                    if (doubt(peer, seq)) {
                        return;
                    }
                    markUnreachable(peer, "reported offline by '" + res.sender() + "'");
                }
                peer.seq = seq;
            }
        });
    }

    /**
     * A peer tells this node about its own id: normally this node's own INFO, or nothing new. An INFO with
     * another {@code instanceID} is a second instance with this id; the broker decides what that means
     * (a starting node refuses to start, a running one reports it).
     */
    private void ownIdInGossip(JsonNode row) {
        JsonNode info = row.size() == 1 || row.size() == 3 ? row.get(0) : null;
        if (!(info instanceof ObjectNode tree)
                || tree.path("instanceID").asText("").equals(context.localInfo().instanceId())) {
            return;
        }
        ObjectNode copy = tree.deepCopy();
        copy.put("sender", self);
        try {
            context.receive(InfoTrees.toPacket(self, copy));
        } catch (InvalidPacketException e) {
            LOG.debug("Dropping an invalid INFO of this node's id learned through gossip: {}", e.getMessage());
        }
    }

    private @Nullable Peer processInfo(String id, ObjectNode tree) {
        tree.put("sender", id);
        InfoPacket packet;
        try {
            packet = InfoTrees.toPacket(id, tree);
        } catch (InvalidPacketException e) {
            LOG.warn("Dropping an invalid INFO of node '{}' learned through gossip: {}", id, e.getMessage());
            return peers.get(id);
        }
        Peer peer = peers.computeIfAbsent(id, k -> new Peer(k, System.nanoTime()));
        boolean wasAvailable = peer.available;
        peer.info = tree;
        peer.seq = packet.seq();
        peer.hostname = packet.hostname().isEmpty() ? peer.hostname : packet.hostname();
        if (!packet.ipList().isEmpty()) {
            peer.ipList = packet.ipList();
        }
        int port = InfoTrees.port(tree);
        if (port > 0) {
            peer.port = port;
        }
        peer.available = true;
        peer.failedDials = 0;
        peer.lastHeardNanos = System.nanoTime();
        ghosts.answered(id);
        if (!wasAvailable) {
            LOG.debug("Node '{}' is available (seq {})", id, packet.seq());
        }
        context.receive(packet);
        if (!wasAvailable && !options.listen() && !peer.dialOnly() && !link.hasOpenConnection(id)) {
            // a dial-only node can be answered only on a connection it opened: open one to every node it
            // learns of, so that they can reach it without waiting for a gossip round to pick them
            link.sendGossip(id, request(null, null));
        }
        return peer;
    }

    private void heartbeat(Peer peer, long cpuSeq, int cpu) {
        peer.cpuSeq = cpuSeq;
        peer.cpu = cpu;
        if (peer.available) {
            peer.lastHeardNanos = System.nanoTime();
            context.nodeCpu(peer.id, cpuSeq, cpu);
        }
    }

    // ---------------------------------------------------------------- failures

    void onConnectionLost(String nodeId, String reason) {
        Peer peer = peers.get(nodeId);
        if (peer == null) {
            return;
        }
        if (isGhostCandidate(peer)) {
            peer.failedDials++;
            if (peer.failedDials >= Ghosts.FAILED_DIALS) {
                forgetGhost(peer, peer.failedDials + " failed dials, the last: " + reason);
            }
            return;
        }
        markUnreachable(peer, reason);
    }

    /**
     * A report that an available peer is offline: some node lost it (a closed connection, its own
     * timeout) and raised its seq. Moleculer adopts such a report at once, so one observer's local trouble
     * (its starved event loop, a handshake cut short, an asymmetric fault) takes a live node out of every
     * registry in the mesh until the node hears of it and refutes (a hundred brokers on a starved machine
     * adopted 8,000 such reports in five minutes). When this node has fresh news of the peer (a sign of
     * life within half the node timeout), it keeps the peer and asks the accused instead, passing the
     * report on: a live node answers with a higher seq that overrides the report everywhere; a dead one
     * fails the dial, which marks it unreachable here on this node's own evidence.
     *
     * @return true when the report is doubted (the peer stays available)
     */
    private boolean doubt(Peer peer, long reportedSeq) {
        long now = System.nanoTime();
        if (now - peer.lastHeardNanos > options.nodeTimeout().toNanos() / 2) {
            return false;
        }
        if (nudgeDue("doubt:" + peer.id, PROBE_INTERVAL_NANOS)) {
            GossipRequestPacket ask = request(null, null);
            ask.online().remove(peer.id);
            ask.offline().put(peer.id, reportedSeq);
            LOG.debug(
                    "Node '{}' reported offline (seq {}), but heard of {} ms ago: asking it",
                    peer.id,
                    reportedSeq,
                    (now - peer.lastHeardNanos) / 1_000_000);
            link.sendGossip(peer.id, ask);
        }
        return true;
    }

    /**
     * An inbound connection from a node closed: if no outgoing one proves it alive, dial it to find out.
     * Not when this node's outgoing connections are at {@code maxConnections}: in a mesh larger than that
     * cap, peers close their least recently used connections as a matter of course, and a probe dial here
     * would close this node's least recently used one, whose peer would probe in turn: a chain of dials
     * that never ends (a hundred brokers opened about a thousand connections a second at rest). There the
     * peer's death is noticed as in Moleculer: gossip, the node timeout, or the silence of a call.
     */
    void onInboundLost(String nodeId) {
        Peer peer = peers.get(nodeId);
        if (peer != null && peer.available && !link.hasOpenConnection(nodeId) && !link.outboundFull()) {
            lastProbe.remove(nodeId);
            probe(peer);
        }
    }

    /** {@link SilenceWatch} suspects {@code peer}: unreachable, and its connections, stuck on a dead link, go. */
    void silent(Peer peer, String reason) {
        markUnreachable(peer, reason);
        link.closeConnection(peer.id);
    }

    private void markUnreachable(Peer peer, String reason) {
        if (!peer.available) {
            return;
        }
        peer.available = false;
        peer.seq++;
        peer.offlineSinceNanos = System.nanoTime();
        LOG.info("Node '{}' is unreachable: {}", peer.id, reason);
        context.nodeUnreachable(peer.id, reason);
    }

    // ---------------------------------------------------------------- helpers

    private static ArrayNode triple(long seq, long cpuSeq, int cpu) {
        ArrayNode a = F.arrayNode();
        a.add(seq);
        a.add(cpuSeq);
        a.add(cpu);
        return a;
    }

    private static ArrayNode row(ObjectNode info, long cpuSeq, int cpu) {
        ArrayNode a = F.arrayNode();
        a.add(info);
        a.add(cpuSeq);
        a.add(cpu);
        return a;
    }

    private static Peer random(List<Peer> list) {
        return list.size() == 1
                ? list.get(0)
                : list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }
}

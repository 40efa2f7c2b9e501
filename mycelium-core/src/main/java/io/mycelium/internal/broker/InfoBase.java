package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.InfoPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The parts of this node's INFO that never change: addresses, host name, client, instance id, metadata. */
final class InfoBase {
    static final String VERSION = "0.1.0";

    private InfoBase() {}

    static InfoPacket create(String nodeId, Map<String, Object> metadata) {
        ObjectNode client = Json.object()
                .put("type", "java")
                .put("version", VERSION)
                .put("langVersion", System.getProperty("java.version"));
        return new InfoPacket(
                nodeId,
                Json.nodes().arrayNode(),
                ipList(),
                hostname(),
                client,
                Json.object(),
                UUID.randomUUID().toString(),
                Json.objectTree(metadata),
                1,
                Json.object());
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static List<String> ipList() {
        List<String> ips = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        ips.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: an empty list is still a valid INFO
        }
        return ips;
    }
}

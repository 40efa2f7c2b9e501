package io.mycelium.stats;

import java.util.Map;

/**
 * Packets through the transporter since the broker was created.
 *
 * @param packetsSent packets handed to the transporter
 * @param bytesSent their serialized size
 * @param packetsReceived packets the transporter delivered
 * @param bytesReceived their serialized size
 * @param sentByType packets sent by packet type ({@code REQ}, {@code RES}, {@code EVENT}, …)
 * @param receivedByType packets received by packet type
 */
public record TransportStatistics(
        long packetsSent,
        long bytesSent,
        long packetsReceived,
        long bytesReceived,
        Map<String, Long> sentByType,
        Map<String, Long> receivedByType) {

    public TransportStatistics {
        sentByType = Map.copyOf(sentByType);
        receivedByType = Map.copyOf(receivedByType);
    }
}

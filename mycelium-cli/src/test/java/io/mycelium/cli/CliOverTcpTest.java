package io.mycelium.cli;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The command over the brokerless TCP transporter. Sockets and UDP discovery stay on loopback (a bare
 * {@code tcp://} would multicast on every interface), on a UDP port of this class's own.
 */
class CliOverTcpTest extends CliContract {

    private final String url = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
            + (20000 + ThreadLocalRandom.current().nextInt(20000));

    @Override
    String transporter() {
        return url;
    }
}

package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The command finds the {@code zmq://} transporter on its class path like any other scheme (calls over it are
 * proven by the contract suites of {@code mycelium-transport-zmq}): a URL with an option only the ZeroMQ
 * transporter knows to refuse reaches that transporter's parser, not "no transporter for scheme".
 */
class CliOverZmqTest {

    @Test
    void theCommandResolvesZmqUrlsToTheZeroMqTransporter() {
        Launcher.Result r = InProcess.run("-t", "zmq://127.0.0.1?gossipPeriod=1s", "call", "greeter.hello");

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err())
                .as(r.toString())
                .contains("Unknown option 'gossipPeriod'")
                .contains("sendQueue")
                .doesNotContain("no transporter for scheme");
    }
}

package io.mycelium.cli;

/** The command over the brokerless TCP transporter (UDP discovery on loopback). */
class CliOverTcpTest extends CliContract {

    @Override
    String transporter() {
        return "tcp://";
    }
}

package io.mycelium.transport.tcp;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** Address checks of UDP discovery. */
final class Addresses {

    private Addresses() {}

    /** True when {@code address} (a literal IP) belongs to this host; false when unknown or not parsable. */
    static boolean local(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}

package io.mycelium.internal.broker;

import java.lang.management.ManagementFactory;

/** CPU usage of the machine, 0-100, as HEARTBEAT reports it. */
final class Cpu {
    private Cpu() {}

    static int usage() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            if (load >= 0) {
                return (int) Math.round(load * 100);
            }
        }
        double avg = os.getSystemLoadAverage();
        return avg < 0 ? 0 : (int) Math.min(100, Math.round(avg * 100 / os.getAvailableProcessors()));
    }
}

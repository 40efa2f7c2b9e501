package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.InfoPacket;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code $node.health} in Moleculer's shape: cpu, mem, os, process, client, net, time. */
final class Health {
    private Health() {}

    static ObjectNode status(InfoPacket local) {
        ObjectNode h = Json.object();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage();
        int cores = os.getAvailableProcessors();
        ObjectNode cpu = h.putObject("cpu");
        cpu.put("load1", load).put("load5", load).put("load15", load).put("cores", cores);
        cpu.put("utilization", Cpu.usage());
        ObjectNode mem = h.putObject("mem");
        long free = 0;
        long total = 0;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            free = sun.getFreeMemorySize();
            total = sun.getTotalMemorySize();
        }
        mem.put("free", free).put("total", total).put("percent", total == 0 ? 0 : free * 100.0 / total);
        ObjectNode o = h.putObject("os");
        o.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        o.put("type", System.getProperty("os.name"));
        o.put("release", System.getProperty("os.version"));
        o.put("hostname", local.hostname());
        o.put("arch", System.getProperty("os.arch"));
        o.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        o.putObject("user")
                .put("username", System.getProperty("user.name"))
                .put("homedir", System.getProperty("user.home"));
        ObjectNode p = h.putObject("process");
        Runtime rt = Runtime.getRuntime();
        p.put("pid", ProcessHandle.current().pid());
        p.putObject("memory")
                .put("rss", rt.totalMemory())
                .put("heapTotal", rt.totalMemory())
                .put("heapUsed", rt.totalMemory() - rt.freeMemory());
        p.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        var argv = p.putArray("argv");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(argv::add);
        h.set("client", local.client());
        h.putObject("net").set("ip", Json.tree(local.ipList()));
        Instant now = Instant.now();
        h.putObject("time")
                .put("now", now.toEpochMilli())
                .put("iso", now.toString())
                .put("utc", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
        return h;
    }
}

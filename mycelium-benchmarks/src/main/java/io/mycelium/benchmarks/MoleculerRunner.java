package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.benchmarks.Metrics.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs {@code bench.js} (two Moleculer brokers in two Node processes) and reads its line of JSON. */
final class MoleculerRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private final Path workDir;

    MoleculerRunner(Path script, Path workDir) {
        this.script = script;
        this.workDir = workDir;
    }

    void run(String transporter, String natsUrl, Settings settings, Payload small, Payload large, Metrics out)
            throws IOException, InterruptedException {
        Path smallFile = workDir.resolve("payload-small.json");
        Path largeFile = workDir.resolve("payload-large.json");
        Files.write(smallFile, small.bytes());
        Files.write(largeFile, large.bytes());
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("transporter", transporter);
        cfg.put("natsUrl", natsUrl);
        cfg.put("namespace", "bench-" + Long.toHexString(System.nanoTime()));
        cfg.put("small", smallFile.toString());
        cfg.put("large", largeFile.toString());
        cfg.set("settings", settings.toJson());
        Path cfgFile = workDir.resolve("moleculer-" + transporter.toLowerCase() + ".json");
        JSON.writeValue(cfgFile.toFile(), cfg);
        Path log = workDir.resolve("moleculer-" + transporter.toLowerCase() + ".log");
        Process p = new ProcessBuilder("node", script.toString(), cfgFile.toString())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        p.getOutputStream().close();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("bench.js did not finish in 120 s");
        }
        String text = new String(stdout, StandardCharsets.UTF_8).trim();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        if (last.isEmpty()) {
            throw new IOException("bench.js printed nothing (exit " + p.exitValue() + ", see " + log + ")");
        }
        JsonNode r = JSON.readTree(last);
        if (r.has("fatal")) {
            throw new IOException("bench.js failed: " + r.get("fatal").asText());
        }
        for (Metric m : Metric.values()) {
            JsonNode v = r.get(m.key);
            if (v != null && v.isNumber()) {
                out.put(m, v.asDouble());
            }
        }
        r.path("details").fields().forEachRemaining(e -> out.detail(e.getKey(), e.getValue()));
        out.detail("node", r.path("node").asText());
        r.path("errors").forEach(e -> out.error(e.asText()));
    }
}

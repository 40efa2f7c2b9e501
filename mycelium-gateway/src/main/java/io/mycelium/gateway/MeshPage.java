package io.mycelium.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The mesh page's files (plain HTML, CSS and a script in the jar, no build step), read once. */
final class MeshPage {
    private static final Map<String, byte[]> FILES = Map.of(
            "index.html", read("index.html"),
            "mesh.css", read("mesh.css"),
            "mesh.js", read("mesh.js"));

    private MeshPage() {}

    static Optional<byte[]> resource(String name) {
        return Optional.ofNullable(FILES.get(name));
    }

    static String contentType(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }

    private static byte[] read(String name) {
        try (InputStream in = MeshPage.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource page/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

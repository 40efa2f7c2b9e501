package example.peek;

import io.mycelium.internal.util.Json;

public final class Peek {
    private Peek() {}

    public static Object tree() {
        return Json.object();
    }
}

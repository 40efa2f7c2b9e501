package io.mycelium.interop;

/** A serializer both sides have: its name in Moleculer's options and in Mycelium's builder. */
enum Wire {
    JSON("JSON", "json"),
    MSGPACK("MsgPack", "msgpack"),
    CBOR("CBOR", "cbor");

    private final String moleculerName;
    private final String myceliumName;

    Wire(String moleculerName, String myceliumName) {
        this.moleculerName = moleculerName;
        this.myceliumName = myceliumName;
    }

    String moleculerName() {
        return moleculerName;
    }

    String myceliumName() {
        return myceliumName;
    }
}

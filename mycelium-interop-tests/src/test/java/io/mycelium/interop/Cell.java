package io.mycelium.interop;

/** One cell of the interop matrix: a transporter and a serializer. */
record Cell(Transport transport, Wire wire) {
    @Override
    public String toString() {
        return transport + " × " + wire;
    }
}

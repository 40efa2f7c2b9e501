// A module that tries to use an internal package of io.mycelium.core: must not compile.
module io.mycelium.example.peek {
    requires io.mycelium.core;
}

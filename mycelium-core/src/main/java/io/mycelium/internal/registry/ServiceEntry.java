package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One service on one node, with its INFO entry ({@code name, version, fullName, settings, ...}). */
public record ServiceEntry(NodeEntry node, String name, String fullName, ObjectNode definition) {}

package com.example.mesh;

import io.mycelium.Action;
import io.mycelium.Context;
import io.mycelium.ServiceName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Stock per item; a Spring bean that the starter registers as the service {@code inventory}. */
@Component
@Profile("inventory")
@ServiceName("inventory")
public class Inventory {

    /** What {@code inventory.reserve} takes. */
    public record Reserve(String item, int quantity) {}

    /** What {@code inventory.reserve} answers. */
    public record Reserved(String item, int left, String node) {}

    private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of("tea", 10, "cake", 3));

    @Action
    public Reserved reserve(Reserve r, Context ctx) {
        int left = stock.merge(r.item(), -r.quantity(), Integer::sum);
        if (left < 0) {
            stock.merge(r.item(), r.quantity(), Integer::sum);
            throw new IllegalStateException("only " + (left + r.quantity()) + " " + r.item() + " left");
        }
        return new Reserved(r.item(), left, ctx.broker().nodeId());
    }
}

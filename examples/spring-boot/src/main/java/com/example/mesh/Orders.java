package com.example.mesh;

import io.mycelium.Action;
import io.mycelium.Context;
import io.mycelium.ServiceName;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Takes orders and reserves their items from {@code inventory}, wherever it runs in the mesh. */
@Component
@Profile("orders")
@ServiceName("orders")
public class Orders {

    /** What {@code orders.place} takes. */
    public record Order(String item, int quantity) {}

    /** What {@code orders.place} answers: where it was taken, and what the inventory said. */
    public record Placed(String takenBy, Inventory.Reserved reserved) {}

    @Action
    public Placed place(Order o, Context ctx) {
        Inventory.Reserved r = ctx.call(
                        "inventory.reserve", new Inventory.Reserve(o.item(), o.quantity()), Inventory.Reserved.class)
                .join();
        return new Placed(ctx.broker().nodeId(), r);
    }
}

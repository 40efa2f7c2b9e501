package com.example.mesh;

import io.mycelium.ServiceBroker;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts two application contexts, {@code inventory} and {@code orders}, on {@code tcp://} with UDP
 * discovery kept on loopback; each calls the other, then both health endpoints are read. Exits 1 when
 * anything is not as expected.
 */
public final class TwoNodes {

    public static void main(String[] args) throws Exception {
        String transporter =
                "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort=" + freeUdpPort() + "&gossipPeriod=500ms";
        // a namespace of this run's own, so no other mesh on the machine is ever joined
        String namespace = "spring-example-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext inventory = start("inventory", transporter, namespace);
                ConfigurableApplicationContext orders = start("orders", transporter, namespace)) {
            ServiceBroker inventoryNode = inventory.getBean(ServiceBroker.class);
            ServiceBroker ordersNode = orders.getBean(ServiceBroker.class);
            inventoryNode.waitForServices(Duration.ofSeconds(20), "orders").join();
            ordersNode.waitForServices(Duration.ofSeconds(20), "inventory").join();

            // inventory -> orders (on the other node) -> inventory (back on this one)
            Orders.Placed placed = inventoryNode
                    .call("orders.place", new Orders.Order("tea", 2), Orders.Placed.class)
                    .join();
            // orders -> inventory directly
            Inventory.Reserved direct = ordersNode
                    .call("inventory.reserve", new Inventory.Reserve("cake", 1), Inventory.Reserved.class)
                    .join();
            System.out.println("orders.place from inventory-node: " + placed);
            System.out.println("inventory.reserve from orders-node: " + direct);
            check(placed.takenBy().equals("orders-node") && placed.reserved().node().equals("inventory-node"),
                    "the call did not cross both nodes: " + placed);
            check(placed.reserved().left() == 8 && direct.left() == 2, "unexpected stock: " + placed + ", " + direct);

            for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {inventory, orders}) {
                String health = health(c);
                System.out.println(c.getEnvironment().getProperty("mycelium.node-id") + " /actuator/health: " + health);
                check(health.startsWith("{\"status\":\"UP\"") && health.contains("\"mycelium\":{\"status\":\"UP\""),
                        "health is not UP with a mycelium component: " + health);
            }
        }
        System.out.println("two Spring Boot nodes called each other over tcp:// and reported healthy");
    }

    private static ConfigurableApplicationContext start(String role, String transporter, String namespace) {
        // command-line arguments: they win over application.properties
        return new SpringApplicationBuilder(MeshApplication.class)
                .profiles(role)
                .run(
                        "--mycelium.node-id=" + role + "-node",
                        "--mycelium.transporter=" + transporter,
                        "--mycelium.namespace=" + namespace,
                        "--server.port=0");
    }

    private static String health(ConfigurableApplicationContext context) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r.statusCode() == 200, "health answered " + r.statusCode() + ": " + r.body());
            return r.body();
        }
    }

    /** A UDP port below the ephemeral range that nothing holds on loopback now. */
    private static int freeUdpPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free UDP port in 20000-32000 on loopback");
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            System.err.println("FAILED: " + failure);
            System.exit(1);
        }
    }
}

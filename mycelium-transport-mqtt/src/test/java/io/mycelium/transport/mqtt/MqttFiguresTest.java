package io.mycelium.transport.mqtt;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.Figures;
import io.mycelium.transport.testkit.RecordingContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Round-trip median and events per second over the shared Mosquitto; printed, not asserted. */
@Tag("figures")
class MqttFiguresTest {
    @BeforeAll
    static void mosquittoIsUp() {
        Mosquitto.requireShared();
    }

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        for (String query : new String[] {"", "?qos=1"}) {
            run(Mosquitto.URL, query, "shared mosquitto");
        }
    }

    /** Mosquitto's default leaves Nagle on: small QoS 1 acks then wait for delayed ACKs (~40 ms). */
    @Test
    void measuresQos1WithTcpNoDelayOnTheBroker() throws Exception {
        try (Mosquitto broker = Mosquitto.startPrivate("set_tcp_nodelay true\nmax_queued_messages 100000\n")) {
            run(broker.url(""), "?qos=1", "private mosquitto, set_tcp_nodelay");
        }
    }

    private static void run(String url, String query, String where) throws Exception {
        {
            String ns = Mosquitto.namespace();
            RecordingContext a = new RecordingContext("a", ns);
            RecordingContext b = new RecordingContext("b", ns);
            Transporter ta = Mosquitto.transporter(url + query);
            Transporter tb = Mosquitto.transporter(url + query);
            ta.connect(a).get(10, TimeUnit.SECONDS);
            tb.connect(b).get(10, TimeUnit.SECONDS);
            try {
                Figures.measure((query.isEmpty() ? "MQTT qos0" : "MQTT qos1") + " (" + where + ")", ta, a, tb, b);
            } finally {
                ta.disconnect().get(10, TimeUnit.SECONDS);
                tb.disconnect().get(10, TimeUnit.SECONDS);
            }
        }
    }
}

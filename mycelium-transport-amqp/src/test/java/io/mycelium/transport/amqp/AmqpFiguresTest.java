package io.mycelium.transport.amqp;

import io.mycelium.spi.Transporter;
import io.mycelium.transport.testkit.Figures;
import io.mycelium.transport.testkit.RecordingContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Round-trip median and events per second over the shared RabbitMQ; printed, not asserted. */
@Tag("figures")
class AmqpFiguresTest {
    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @Test
    void measuresRoundTripAndEventRate() throws Exception {
        String ns = Rabbit.namespace();
        RecordingContext a = new RecordingContext("a", ns);
        RecordingContext b = new RecordingContext("b", ns);
        Transporter ta = Rabbit.transporter("");
        Transporter tb = Rabbit.transporter("");
        ta.connect(a).get(10, TimeUnit.SECONDS);
        tb.connect(b).get(10, TimeUnit.SECONDS);
        try {
            Figures.measure("AMQP", ta, a, tb, b);
        } finally {
            ta.disconnect().get(10, TimeUnit.SECONDS);
            tb.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}

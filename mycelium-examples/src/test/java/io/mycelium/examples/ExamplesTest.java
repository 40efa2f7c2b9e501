package io.mycelium.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Runs each example on {@code memory://} so the examples the docs quote keep working. */
@Isolated
class ExamplesTest {

    final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void patternsShowHooksValidationSurveysAndToggling() {
        Patterns.main(new String[] {"memory://"});
        assertThat(output())
                .contains("OK 2 x pen (standard)", "SORRY out of stock", "422 [", "stringEmpty", "restock on ")
                .contains("stock per node: {")
                .containsPattern("after disabling on b: \\{a=3}");
    }

    @Test
    void helloServiceGreetsAda() {
        HelloService.main(new String[] {"memory://"});
        assertThat(output()).contains("Hello Ada");
    }

    @Test
    void eventsArriveOncePerGroupAndBroadcastsEverywhere() throws Exception {
        Events.main(new String[] {"memory://"});
        assertThat(output()).contains("every event arrived where expected");
    }

    @Test
    void annotatedServiceComputes() {
        AnnotatedService.main(new String[] {"memory://"});
        assertThat(output()).contains("1.5 + 2 = 3.5, 3 * 4 = 12.0");
    }
}

package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorTest {

    static Service failing() {
        return Service.named("fail")
                .action("validate", ctx -> {
                    throw new ValidationException(
                            "Parameters validation error!",
                            JsonNodeFactory.instance
                                    .arrayNode()
                                    .add(ValidationException.violation(
                                            "required", "The 'name' field is required.", "name", null)));
                })
                .action("custom", ctx -> {
                    throw new MyceliumException(
                            "Out of stock",
                            409,
                            "OUT_OF_STOCK",
                            JsonNodeFactory.instance.objectNode().put("sku", "x1"));
                })
                .action("plain", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .build();
    }

    static Throwable failure(ServiceBroker b, String action) {
        return java.util.Objects.requireNonNull(
                catchThrowable(() -> b.call(action, Map.of()).join()).getCause());
    }

    @Test
    void aHandlersExceptionArrivesTypedWithCodeTypeAndData() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", failing());
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "fail");

            Throwable validation = failure(client, "fail.validate");
            assertThat(validation).isInstanceOf(ValidationException.class);
            ValidationException v = (ValidationException) validation;
            assertThat(v.code()).isEqualTo(422);
            assertThat(v.type()).isEqualTo("VALIDATION_ERROR");
            assertThat(v.name()).isEqualTo("ValidationError");
            assertThat(v.retryable()).isFalse();
            assertThat(v.nodeId()).contains("server");
            assertThat(v.data().get(0).get("field").asText()).isEqualTo("name");
            assertThat(v.remoteStack()).isPresent();

            MyceliumException custom = (MyceliumException) failure(client, "fail.custom");
            assertThat(custom.getClass()).isEqualTo(MyceliumException.class);
            assertThat(custom.code()).isEqualTo(409);
            assertThat(custom.type()).isEqualTo("OUT_OF_STOCK");
            assertThat(custom.data().get("sku").asText()).isEqualTo("x1");
            assertThat(custom.getMessage()).isEqualTo("Out of stock");

            MyceliumException plain = (MyceliumException) failure(client, "fail.plain");
            assertThat(plain.name()).isEqualTo("IllegalStateException");
            assertThat(plain.code()).isEqualTo(500);
            assertThat(plain.getMessage()).isEqualTo("boom");
        }
    }

    @Test
    void localCallsFailWithTheHandlersOwnException() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", failing());

            assertThat(failure(node, "fail.validate")).isInstanceOf(ValidationException.class);
            assertThat(failure(node, "fail.plain")).isInstanceOf(IllegalStateException.class);
            assertThat(failure(node, "nothing.here")).isInstanceOf(ServiceNotFoundException.class);
        }
    }

    @Test
    void refusesCallsDeeperThanMaxCallLevel() {
        try (Mesh mesh = new Mesh()) {
            Service loop = Service.named("loop")
                    .action("again", ctx -> ctx.call("loop.again", null).join())
                    .build();
            ServiceBroker node = mesh.broker("solo", b -> b.maxCallLevel(5), loop);

            Throwable error = failure(node, "loop.again");

            assertThat(error).isInstanceOf(MaxCallLevelException.class);
        }
    }
}

package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands against a demo node in this JVM over {@code memory://}: fast checks of their logic. */
class InProcessCommandsTest {

    final String namespace = "t-" + UUID.randomUUID();
    ServiceBroker node;

    @BeforeEach
    void startNode() {
        node = ServiceBroker.builder()
                .nodeId("mem-node")
                .namespace(namespace)
                .transporter("memory://")
                .build();
        new DemoServices((name, ctx) -> {}).registerAll(node);
        node.start();
    }

    @AfterEach
    void stopNode() {
        node.stop();
    }

    Launcher.Result run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "-t";
        all[1] = "memory://";
        all[2] = "-n";
        all[3] = namespace;
        System.arraycopy(args, 0, all, 4, args.length);
        return InProcess.run(all);
    }

    /** Params of an action declared as a record: the CLI shows the schema it announces. */
    record Order(
            @jakarta.validation.constraints.NotBlank String item,
            @io.mycelium.Default("1") int quantity) {}

    @Test
    void actionsShowTheParamsSchemaAnnouncedInInfo() {
        node.register(io.mycelium.Service.named("store").action("order", Order.class, (ctx, o) -> o));

        Launcher.Result r = run("actions");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PARAMS").contains("item:string quantity?:number=1");
    }

    @Test
    void callAddsNumbers() {
        Launcher.Result r = run("call", "math.add", "{\"a\": 1.5, \"b\": 2}");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("3.5\n");
    }

    @Test
    void echoReturnsParamsUnchanged() {
        Launcher.Result r = run("call", "echo.echo", "{\"x\": [1, {\"y\": null}]}");

        assertThat(r.out()).isEqualTo("{\"x\":[1,{\"y\":null}]}\n");
    }

    @Test
    void helloWithoutANameIsAValidationError() {
        Launcher.Result r = run("call", "greeter.hello", "{}");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_ERROR);
        assertThat(CliContract.json(r.err()).path("name").asText()).isEqualTo("ValidationError");
        assertThat(CliContract.json(r.err()).path("code").asInt()).isEqualTo(422);
    }

    @Test
    void emitWithNoListenerSaysSo() {
        Launcher.Result r = run("emit", "nobody.listens", "--discovery-timeout", "300");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("no node listens to 'nobody.listens'");
    }

    @Test
    void servicesTableShowsEachDemoService() {
        Launcher.Result r = run("services");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("SERVICE").contains("greeter", "math", "echo", "demo", "mem-node");
    }

    @Test
    void pingOfAnUnknownNodeIsNotFound() {
        Launcher.Result r = run("ping", "no-such-node", "--discovery-timeout", "300");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("no-such-node");
    }
}

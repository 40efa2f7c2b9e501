"use strict";
// moleculer-web side of the HTTP row of the Mycelium benchmarks: one Moleculer 0.15 broker (no transporter)
// serving bench.echo and an API gateway on 127.0.0.1:<port> with the alias "POST /api/bench/echo".
// Usage: node http.js <port>; prints "@ready <port>" when it listens and stops when stdin closes.
const { ServiceBroker } = require("moleculer");
const ApiGateway = require("moleculer-web");

const port = Number(process.argv[2]);

const broker = new ServiceBroker({
	nodeID: "bench-http-" + process.pid,
	logger: false,
	metrics: false,
	tracing: false
});

broker.createService({
	name: "bench",
	actions: { echo: ctx => ctx.params }
});

broker.createService({
	name: "api",
	mixins: [ApiGateway],
	settings: {
		port,
		ip: "127.0.0.1",
		logRequest: null,
		logResponse: null,
		log4XXResponses: false,
		routes: [
			{
				path: "/api",
				mappingPolicy: "restrict",
				aliases: { "POST /bench/echo": "bench.echo" },
				bodyParsers: { json: { limit: "1MB" } }
			}
		]
	}
});

broker.start().then(
	() => process.stdout.write("@ready " + port + "\n"),
	e => {
		process.stdout.write("@error " + String(e && e.message ? e.message : e) + "\n");
		process.exit(1);
	}
);

process.stdin.resume();
process.stdin.on("end", () => broker.stop().finally(() => process.exit(0)));

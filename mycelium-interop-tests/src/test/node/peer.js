"use strict";

/*
 * A real Moleculer node for the Mycelium interop tests.
 *
 * Configured by environment variables (see readConfig), it registers the test services of
 * services.js, starts the broker and prints one line `@@READY {...}` on stdout. Afterwards it reads
 * JSON commands from stdin, one per line, and answers each with `@@REPLY {"id":..,"ok":..}` on stdout
 * (see commands.js). Everything else on stdout/stderr is Moleculer's own log. When stdin closes (the
 * test JVM went away) the broker stops and the process exits, so a peer never outlives its test.
 */

const { ServiceBroker, TracerExporters } = require("moleculer");
const readline = require("readline");
const { createServices, Recorder } = require("./services");
const { createCommands, plainError } = require("./commands");
const { wireTap } = require("./wiretap");

function env(name, fallback) {
	const v = process.env[name];
	return v === undefined || v === "" ? fallback : v;
}

function readConfig() {
	const transporter = env("MOL_TRANSPORTER", "TCP");
	const transporterOptions = JSON.parse(env("MOL_TRANSPORTER_OPTIONS", "{}"));
	return {
		namespace: env("MOL_NAMESPACE", ""),
		nodeID: env("MOL_NODE_ID", `node-peer-${process.pid}`),
		transporter:
			transporter.toUpperCase() === "TCP"
				? { type: "TCP", options: transporterOptions }
				: Object.keys(transporterOptions).length > 0
					? { type: transporterType(transporter), options: { url: transporter, ...transporterOptions } }
					: transporter,
		serializer: env("MOL_SERIALIZER", "JSON"),
		heartbeatInterval: Number(env("MOL_HEARTBEAT_INTERVAL", "1")),
		heartbeatTimeout: Number(env("MOL_HEARTBEAT_TIMEOUT", "4")),
		requestTimeout: Number(env("MOL_REQUEST_TIMEOUT", "10000")),
		preferLocal: env("MOL_PREFER_LOCAL", "true") === "true",
		disableBalancer: env("MOL_DISABLE_BALANCER", "false") === "true",
		logLevel: env("MOL_LOG_LEVEL", "info"),
		services: env("MOL_SERVICES", "all").split(","),
		wiretap: env("MOL_WIRETAP", "false") === "true",
		// Moleculer's registry.discoverer, e.g. "redis://127.0.0.1:6379" (default: the transporter discovers)
		discoverer: env("MOL_DISCOVERER", ""),
		// Moleculer's tracer on, its finished spans kept for the `spans` command
		tracing: env("MOL_TRACING", "false") === "true"
	};
}

/** A Moleculer tracing exporter keeping every finished span, as Moleculer's own exporters see it. */
class SpanCollector extends TracerExporters.Base {
	constructor(opts) {
		super(opts);
		this.spans = [];
	}

	spanFinished(span) {
		this.spans.push({
			name: span.name,
			type: span.type,
			id: span.id,
			traceID: span.traceID,
			parentID: span.parentID,
			sampled: span.sampled,
			tags: span.tags,
			error: span.error ? { name: span.error.name, message: span.error.message } : null
		});
	}
}

/** The services of the tracing test: trace-node.front calls Java's java-trace.middle, which calls trace-node.back. */
function tracingService() {
	return {
		name: "trace-node",
		actions: {
			async front(ctx) {
				const middle = await ctx.call("java-trace.middle", { n: ctx.params.n });
				return { middle };
			},
			back(ctx) {
				return ctx.params.n * 2;
			}
		}
	};
}

function transporterType(url) {
	const scheme = url.split(":")[0].toLowerCase();
	return { nats: "NATS", redis: "Redis", amqp: "AMQP", mqtt: "MQTT" }[scheme] || url;
}

// A BigInt (cbor-x reads 64-bit CBOR integers as BigInt) is shown as the string "BigInt(<n>)", so
// a test can see it instead of the reply failing.
const jsonSafe = (key, value) => (typeof value === "bigint" ? `BigInt(${value})` : value);

function emit(tag, obj) {
	process.stdout.write(`@@${tag} ${JSON.stringify(obj, jsonSafe)}\n`);
}

async function main() {
	// The test JVM may close its end of our stdout first; never die of EPIPE while stopping.
	process.stdout.on("error", () => {});
	const cfg = readConfig();
	const recorder = new Recorder();
	const collector = cfg.tracing ? new SpanCollector() : null;
	const broker = new ServiceBroker({
		namespace: cfg.namespace,
		nodeID: cfg.nodeID,
		transporter: cfg.transporter,
		serializer: cfg.serializer,
		heartbeatInterval: cfg.heartbeatInterval,
		heartbeatTimeout: cfg.heartbeatTimeout,
		requestTimeout: cfg.requestTimeout,
		registry: cfg.discoverer
			? { preferLocal: cfg.preferLocal, discoverer: cfg.discoverer }
			: { preferLocal: cfg.preferLocal },
		disableBalancer: cfg.disableBalancer,
		logger: { type: "Console", options: { level: cfg.logLevel, colors: false, moduleColors: false } },
		middlewares: cfg.wiretap ? [wireTap(emit)] : [],
		tracing: cfg.tracing ? { enabled: true, exporter: collector } : undefined,
		// Stopping is driven by commands.js and by stdin closing; Moleculer's own SIGTERM hook stays on.
		skipProcessEventRegistration: false
	});

	for (const schema of createServices(cfg.services, recorder)) broker.createService(schema);
	if (cfg.tracing) broker.createService(tracingService());

	await broker.start();
	const port = broker.transit && broker.transit.tx && broker.transit.tx.opts ? broker.transit.tx.opts.port : null;
	emit("READY", { nodeID: broker.nodeID, namespace: cfg.namespace, port: port || null, pid: process.pid });

	const commands = createCommands(broker, recorder);
	if (collector) {
		const run = commands.run.bind(commands);
		commands.run = cmd => (cmd.cmd === "spans" ? Promise.resolve(collector.spans) : run(cmd));
	}
	const rl = readline.createInterface({ input: process.stdin, terminal: false });
	rl.on("line", line => {
		if (!line.trim()) return;
		let cmd;
		try {
			cmd = JSON.parse(line);
		} catch (err) {
			emit("REPLY", { id: null, ok: false, error: { name: "BadCommand", message: err.message } });
			return;
		}
		commands
			.run(cmd)
			.then(data => emit("REPLY", { id: cmd.id, ok: true, data: data === undefined ? null : data }))
			.catch(err => emit("REPLY", { id: cmd.id, ok: false, error: plainError(err) }));
	});
	rl.on("close", () => {
		broker.stop().finally(() => process.exit(0));
	});
}



if (require.main === module) {
	main().catch(err => {
		process.stderr.write(`peer failed to start: ${err && err.stack ? err.stack : err}\n`);
		process.exit(2);
	});
}

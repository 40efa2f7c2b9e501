// Captures real Moleculer 0.15 packets, as bytes, for the Mycelium serializer golden tests.
//
//   npm install            (moleculer, msgpack5, cbor-x as pinned in package.json; never committed)
//   node capture-goldens.js ../resources/golden
//
// For each serializer (JSON, MsgPack, CBOR) two brokers, node-a and node-b, talk over Moleculer's own
// Fake transporter (an in-process bus that still serializes every packet). Every buffer handed to
// `transporter.send` is recorded; then one packet per scenario is written as <dir>/<serializer>/<name>.bin,
// with <name>.json holding what Moleculer itself decodes from those bytes (Buffers as {type, data}).
"use strict";

const fs = require("fs");
const path = require("path");
const { Readable } = require("stream");
const { ServiceBroker } = require("moleculer");

const outDir = path.resolve(process.argv[2] || "golden");
const SERIALIZERS = { json: "JSON", msgpack: "MsgPack", cbor: "CBOR" };
const CHUNK = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));

const mathService = {
	name: "math",
	version: 2,
	settings: { precision: 2 },
	metadata: { owner: "golden" },
	actions: {
		add: {
			params: { a: "number", b: "number" },
			handler(ctx) {
				ctx.meta.answeredBy = ctx.nodeID;
				return ctx.params.a + ctx.params.b;
			}
		}
	},
	events: {
		"config.changed"() {}
	}
};

const filesService = {
	name: "files",
	actions: {
		upload(ctx) {
			return new Promise((resolve, reject) => {
				let size = 0;
				ctx.stream.on("data", chunk => (size += chunk.length));
				ctx.stream.on("end", () => resolve({ size }));
				ctx.stream.on("error", reject);
			});
		},
		download() {
			return Readable.from([CHUNK], { objectMode: false });
		}
	}
};

const listener = name => ({
	name,
	events: {
		"user.created"() {},
		"config.changed"() {}
	}
});

function broker(nodeID, serializer, services) {
	const b = new ServiceBroker({
		nodeID,
		namespace: "golden",
		transporter: "Fake",
		serializer,
		logger: false,
		heartbeatInterval: 1,
		metadata: { region: "test" }
	});
	services.forEach(s => b.createService(s));
	return b;
}

function record(b, log) {
	const tx = b.transit.tx;
	const send = tx.send.bind(tx);
	tx.send = (topic, data, meta) => {
		log.push({ topic, type: meta.packet.type, bytes: Buffer.from(data) });
		return send(topic, data, meta);
	};
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function capture(name, serializer) {
	const log = [];
	const a = broker("node-a", serializer, [mathService, filesService]);
	const b = broker("node-b", serializer, [listener("mail"), listener("audit")]);
	record(a, log);
	record(b, log);

	await a.start();
	await b.start();
	await b.waitForServices(["v2.math", "files"]);
	await a.waitForServices(["mail", "audit"]);

	await b.call("v2.math.add", { a: 5, b: 3 }, { meta: { user: "bob" } });
	await b.call("v2.math.add", { a: "five", b: 3 }).catch(() => {});
	await a.emit("user.created", { id: 7, name: "Ann" });
	await a.broadcast("config.changed", { key: "mode", value: "fast" });
	await b.ping("node-a");
	await b.call("files.upload", null, { stream: Readable.from([CHUNK], { objectMode: false }) });
	const down = await b.call("files.download");
	await new Promise(resolve => down.on("data", () => {}).on("end", resolve));
	await sleep(1500); // at least one heartbeat
	await b.stop();
	await a.stop();

	const decode = bytes => a.serializer.deserialize(bytes);
	const packets = log.map(p => ({ ...p, payload: decode(p.bytes) }));
	const pick = (file, predicate) => {
		const p = packets.find(predicate);
		if (!p) throw new Error(`${name}: no packet for ${file}`);
		const dir = path.join(outDir, name);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, file + ".bin"), p.bytes);
		fs.writeFileSync(
			path.join(dir, file + ".json"),
			JSON.stringify({ type: p.type, topic: p.topic, payload: p.payload }, null, 2) + "\n"
		);
	};
	const from = (type, sender) => p => p.type === type && p.payload.sender === sender;
	const hasService = fullName => p =>
		p.type === "INFO" && (p.payload.services || []).some(s => s.fullName === fullName);

	pick("discover", from("DISCOVER", "node-a"));
	pick("info", p => from("INFO", "node-a")(p) && hasService("v2.math")(p) && hasService("$node")(p));
	pick("info-stopping", p => from("INFO", "node-b")(p) && p.payload.services.length === 0);
	pick("heartbeat", p => from("HEARTBEAT", "node-a")(p) && p.payload.cpu != null);
	pick("request", p => p.type === "REQ" && p.payload.action === "v2.math.add" && p.payload.params.a === 5);
	pick("response", p => p.type === "RES" && p.payload.success === true && p.payload.data === 8);
	pick("request-invalid", p => p.type === "REQ" && p.payload.params && p.payload.params.a === "five");
	pick("response-validation-error", p => p.type === "RES" && p.payload.success === false);
	pick("event", p => p.type === "EVENT" && p.payload.event === "user.created");
	pick("event-broadcast", p => p.type === "EVENT" && p.payload.broadcast === true && p.payload.sender === "node-a");
	pick("ping", from("PING", "node-b"));
	pick("pong", from("PONG", "node-a"));
	pick("request-stream-start", p => p.type === "REQ" && p.payload.action === "files.upload" && p.payload.seq === 0);
	pick("request-stream-chunk", p => p.type === "REQ" && p.payload.action === "files.upload" && p.payload.seq === 1);
	pick("request-stream-end", p => p.type === "REQ" && p.payload.action === "files.upload" && p.payload.stream === false && p.payload.seq > 0);
	pick("response-stream-chunk", p => p.type === "RES" && p.payload.stream === true && p.payload.seq === 1);
	pick("response-stream-end", p => p.type === "RES" && p.payload.stream === false && p.payload.seq > 1);
	pick("disconnect", from("DISCONNECT", "node-b"));
	console.log(`${name}: ${packets.length} packets seen`);
	await captureGossip(name, serializer);
}

// The TCP transporter's own packets: node-b dials node-a (known from a static URL) and they gossip.
async function captureGossip(name, serializer) {
	const log = [];
	const tcp = (nodeID, options) =>
		new ServiceBroker({
			nodeID,
			namespace: "golden",
			serializer,
			logger: false,
			transporter: { type: "TCP", options: { udpDiscovery: false, gossipPeriod: 1, ...options } }
		});
	const a = tcp("node-a", { port: 0 });
	a.createService(mathService);
	record(a, log);
	await a.start();
	const b = tcp("node-b", { port: 0, urls: [`127.0.0.1:${a.transit.tx.opts.port}/node-a`] });
	b.createService(listener("mail"));
	record(b, log);
	await b.start();
	await b.waitForServices(["v2.math"]);
	await a.waitForServices(["mail"]);
	await sleep(2500); // a few gossip rounds
	await b.stop();
	await a.stop();

	const packets = log.map(p => ({ ...p, payload: a.serializer.deserialize(p.bytes) }));
	const pick = (file, predicate) => {
		const p = packets.find(predicate);
		if (!p) throw new Error(`${name}: no packet for ${file}`);
		fs.writeFileSync(path.join(outDir, name, file + ".bin"), p.bytes);
		fs.writeFileSync(
			path.join(outDir, name, file + ".json"),
			JSON.stringify({ type: p.type, topic: p.topic, payload: p.payload }, null, 2) + "\n"
		);
	};
	pick("gossip-hello", p => p.type === "GOSSIP_HELLO");
	pick("gossip-request", p => p.type === "GOSSIP_REQ" && p.payload.online);
	pick("gossip-response", p =>
		p.type === "GOSSIP_RES" && Object.values(p.payload.online || {}).some(v => typeof v[0] === "object")
	);
	console.log(`${name}: ${packets.length} TCP packets seen`);
}

(async () => {
	for (const [name, serializer] of Object.entries(SERIALIZERS)) {
		await capture(name, serializer);
	}
})().catch(err => {
	console.error(err);
	process.exit(1);
});

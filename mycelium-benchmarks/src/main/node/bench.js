"use strict";
// Moleculer 0.15 side of the Mycelium benchmarks: the same three workloads as Harness.java between two
// Moleculer brokers in two Node processes (this one calls, a forked one serves and counts events).
// Usage: node bench.js <config.json>; prints one line of JSON with the figures on stdout.
const { ServiceBroker } = require("moleculer");
const { fork } = require("child_process");
const fs = require("fs");
const net = require("net");

const SERVER_ID = "bench-server";
const CLIENT_ID = "bench-client";

function transporter(cfg, ownPort, otherPort, otherId) {
	if (cfg.transporter === "TCP") {
		// Static peers, no UDP discovery: other benchmarks and tests share this machine.
		return {
			type: "TCP",
			options: { udpDiscovery: false, port: ownPort, urls: [`127.0.0.1:${otherPort}/${otherId}`] }
		};
	}
	if (cfg.transporter === "NATS") return { type: "NATS", options: { url: cfg.natsUrl } };
	throw new Error("unknown transporter " + cfg.transporter);
}

function makeBroker(cfg, nodeID, ownPort, otherPort, otherId) {
	return new ServiceBroker({
		nodeID,
		namespace: cfg.namespace,
		transporter: transporter(cfg, ownPort, otherPort, otherId),
		logger: false,
		requestTimeout: 10000
	});
}

async function serve(cfg, ownPort, otherPort) {
	let count = 0;
	const broker = makeBroker(cfg, SERVER_ID, ownPort, otherPort, CLIENT_ID);
	broker.createService({
		name: "bench",
		actions: { echo: ctx => ctx.params },
		events: { "bench.event"() { count++; } }
	});
	await broker.start();
	process.on("message", async m => {
		if (m.cmd === "reset") {
			count = 0;
			process.send({ ok: true });
		} else if (m.cmd === "await") {
			const deadline = Date.now() + m.timeoutMs;
			while (count < m.n && Date.now() < deadline) await sleep(1);
			process.send({ received: count });
		} else if (m.cmd === "quit") {
			await broker.stop();
			process.exit(0);
		}
	});
	process.send({ ready: true });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint());

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const port = s.address().port;
			s.close(() => resolve(port));
		});
	});
}

class Peer {
	constructor(child) {
		this.child = child;
		this.waiting = null;
		child.on("message", m => {
			const w = this.waiting;
			this.waiting = null;
			if (w) w(m);
		});
	}
	ask(msg, timeoutMs) {
		return new Promise((resolve, reject) => {
			const t = setTimeout(() => reject(new Error("peer did not answer " + msg.cmd)), timeoutMs);
			this.waiting = m => {
				clearTimeout(t);
				resolve(m);
			};
			this.child.send(msg);
		});
	}
}

async function latency(broker, params, s, out) {
	let end = now() + s.phaseBoundMs * 1e6;
	for (let i = 0; i < s.latencyWarmupCalls && now() < end; i++) await broker.call("bench.echo", params);
	const samples = [];
	end = now() + s.phaseBoundMs * 1e6;
	while (samples.length < s.latencyCalls) {
		const t0 = now();
		if (t0 >= end) break;
		await broker.call("bench.echo", params);
		samples.push(now() - t0);
	}
	samples.sort((a, b) => a - b);
	const n = samples.length;
	out.latency_p50_us = samples[Math.floor(n / 2)] / 1000;
	out.latency_p99_us = samples[Math.max(0, Math.ceil(n * 0.99) - 1)] / 1000;
	out.details.latency_samples = n;
}

async function throughput(broker, params, s) {
	return loop(broker, params, s.inFlight, s.throughputWarmupMs, s.phaseBoundMs, s.throughputCalls);
}

async function loop(broker, params, inFlight, warmupMs, boundMs, maxCalls) {
	let completed = 0;
	let stop = false;
	let failure = null;
	const lane = async () => {
		while (!stop && !failure) {
			try {
				await broker.call("bench.echo", params);
				completed++;
			} catch (e) {
				failure = e;
			}
		}
	};
	const lanes = [];
	for (let i = 0; i < inFlight; i++) lanes.push(lane());
	if (warmupMs > 0) await sleep(warmupMs);
	const c0 = completed;
	const t0 = now();
	const end = t0 + boundMs * 1e6;
	while (!failure && now() < end && completed - c0 < maxCalls) await sleep(5);
	const rate = ((completed - c0) * 1e9) / (now() - t0);
	stop = true;
	await Promise.all(lanes);
	if (failure) throw failure;
	return rate;
}

// Half-second windows until two successive ones agree within 10 % (after at least four) or systemWarmupMs.
async function warmUp(broker, small, large, s, out) {
	const start = Date.now();
	const end = start + s.systemWarmupMs;
	let previous = 0;
	let windows = 0;
	let steady = 0;
	while (Date.now() < end) {
		const rate = await loop(broker, small, s.inFlight, 0, 500, Infinity);
		windows++;
		steady = previous > 0 && Math.abs(rate - previous) / previous < 0.1 ? steady + 1 : 0;
		previous = rate;
		if (windows >= 4 && steady >= 2) break;
	}
	await loop(broker, large, s.inFlight, 0, Math.min(1000, s.systemWarmupMs / 4), Infinity);
	out.details.warmup_ms = Date.now() - start;
}

async function emitMany(broker, params, count, endNs) {
	let sent = 0;
	while (sent < count && now() < endNs) {
		const batch = [];
		for (let i = 0; i < 1024 && sent < count; i++, sent++) batch.push(broker.emit("bench.event", params));
		await Promise.all(batch);
	}
	return sent;
}

async function events(broker, peer, params, s, out) {
	await peer.ask({ cmd: "reset" }, 10000);
	const warm = await emitMany(broker, params, s.eventWarmup, now() + s.phaseBoundMs * 1e6);
	await peer.ask({ cmd: "await", n: warm, timeoutMs: 10000 }, 20000);
	await peer.ask({ cmd: "reset" }, 10000);
	const t0 = now();
	const sent = await emitMany(broker, params, s.events, t0 + s.phaseBoundMs * 1e6);
	const { received } = await peer.ask({ cmd: "await", n: sent, timeoutMs: 10000 }, 20000);
	out.events_per_s = (received * 1e9) / (now() - t0);
	out.details.events_sent = sent;
	out.details.events_received = received;
	if (received < sent) out.errors.push(`events: ${sent - received} of ${sent} not delivered within 10 s`);
}

async function attempt(out, what, fn) {
	try {
		await fn();
	} catch (e) {
		out.errors.push(`${what}: ${e && e.message ? e.message : e}`);
	}
}

async function main(cfg) {
	const s = cfg.settings;
	const small = JSON.parse(fs.readFileSync(cfg.small, "utf8"));
	const large = JSON.parse(fs.readFileSync(cfg.large, "utf8"));
	const serverPort = await freePort();
	const clientPort = await freePort();
	const child = fork(__filename, ["--serve", process.argv[2], String(serverPort), String(clientPort)], {
		stdio: ["ignore", "ignore", "inherit", "ipc"]
	});
	const peer = new Peer(child);
	const out = { system: "moleculer-" + cfg.transporter.toLowerCase(), node: process.version, details: {}, errors: [] };
	await new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error("server broker did not start in 30 s")), 30000);
		peer.waiting = () => {
			clearTimeout(t);
			resolve();
		};
	});
	const broker = makeBroker(cfg, CLIENT_ID, clientPort, serverPort, SERVER_ID);
	try {
		await broker.start();
		await broker.waitForServices(["bench"], 30000);
		await attempt(out, "warm-up", () => warmUp(broker, small, large, s, out));
		await attempt(out, "latency", () => latency(broker, small, s, out));
		await attempt(out, "throughput 100B", async () => (out.calls_per_s_100b = await throughput(broker, small, s)));
		await attempt(out, "throughput 16KiB", async () => (out.calls_per_s_16kib = await throughput(broker, large, s)));
		await attempt(out, "events", () => events(broker, peer, small, s, out));
	} finally {
		await broker.stop().catch(() => {});
		child.send({ cmd: "quit" });
		setTimeout(() => child.kill(), 5000).unref();
	}
	process.stdout.write(JSON.stringify(out) + "\n");
}

if (process.argv[2] === "--serve") {
	const cfg = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
	serve(cfg, Number(process.argv[4]), Number(process.argv[5])).catch(e => {
		console.error(e);
		process.exit(1);
	});
} else {
	const cfg = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
	main(cfg).then(
		() => process.exit(0),
		e => {
			process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }) + "\n");
			process.exit(1);
		}
	);
}

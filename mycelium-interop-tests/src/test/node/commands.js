"use strict";

/*
 * The commands a test sends to a Node peer on stdin (one JSON object per line, with an `id`).
 * Each resolves to the `data` of the `@@REPLY` line, or rejects into its `error`.
 *
 *   {cmd:"call", action, params, meta, timeout, nodeID}  -> {data, meta}
 *   {cmd:"emit"|"broadcast", event, data, groups, meta, count}  -> {sent}
 *   {cmd:"received", event, clear, compact}                -> {"<group>|<event>": [records]}; compact:
 *                                                             records are [data.from, data.seq, data.id]
 *   {cmd:"clear"}                                          -> null
 *   {cmd:"ping", nodeID, timeout}                          -> pong or null
 *   {cmd:"nodes"} / {cmd:"services"}                       -> $node.list / $node.services (local)
 *   {cmd:"waitForServices", services, timeout}             -> null
 *   {cmd:"waitForNodes", nodes, timeout}                   -> null once every node is known and available
 *   {cmd:"node", nodeID}                                   -> {known, available}
 *   {cmd:"hasAction", action}                              -> boolean (any available endpoint)
 *   {cmd:"decode", type, bytes}                            -> the packet Moleculer's serializer reads from
 *                                                             base64 `bytes` (type: REQ, RES, INFO, ...)
 *   {cmd:"upload", action, params, size, seed, meta, timeout, nodeID}
 *                                                       -> {data, sentSha256}: calls with a stream of pattern
 *                                                          bytes (bytes.js) as Moleculer's `{stream}` option
 *   {cmd:"download", action, params, meta, timeout, nodeID} -> {sha256, bytes} of the streamed reply, or
 *                                                          {error, bytes} when the stream fails midway
 *   {cmd:"stop"}                                           -> null, then the process exits 0
 */

const { patternStream, patternSha256, digest } = require("./bytes");

function plainError(err) {
	if (!err) return { name: "Error", message: "unknown" };
	return {
		name: err.name,
		message: err.message,
		code: err.code === undefined ? null : err.code,
		type: err.type === undefined ? null : err.type,
		data: err.data === undefined ? null : err.data,
		retryable: err.retryable === undefined ? null : err.retryable,
		nodeID: err.nodeID === undefined ? null : err.nodeID
	};
}

function callOptions(cmd) {
	const opts = {};
	if (cmd.meta) opts.meta = cmd.meta;
	if (cmd.timeout != null) opts.timeout = cmd.timeout;
	if (cmd.nodeID) opts.nodeID = cmd.nodeID;
	return opts;
}

function isAvailable(broker, nodeID) {
	const node = broker.registry.nodes.get(nodeID);
	return !!(node && node.available);
}

function createCommands(broker, recorder) {
	const handlers = {
		async call(cmd) {
			const opts = callOptions(cmd);
			opts.meta = opts.meta || {};
			const started = Date.now();
			const data = await broker.call(cmd.action, cmd.params, opts);
			return { data: data === undefined ? null : data, meta: opts.meta, elapsed: Date.now() - started };
		},
		async upload(cmd) {
			const opts = callOptions(cmd);
			opts.stream = patternStream(cmd.size, cmd.seed);
			const data = await broker.call(cmd.action, cmd.params || {}, opts);
			return { data: data === undefined ? null : data, sentSha256: patternSha256(cmd.size, cmd.seed) };
		},
		async download(cmd) {
			const reply = await broker.call(cmd.action, cmd.params, callOptions(cmd));
			if (!reply || typeof reply.pipe !== "function") {
				throw new Error(`the reply of ${cmd.action} is not a stream: ${JSON.stringify(reply)}`);
			}
			try {
				return await digest(reply);
			} catch (err) {
				return { error: plainError(err), bytes: err.bytesRead };
			}
		},
		async emit(cmd) {
			const count = cmd.count || 1;
			const opts = {};
			if (cmd.groups) opts.groups = cmd.groups;
			if (cmd.meta) opts.meta = cmd.meta;
			if (cmd.caller) opts.caller = cmd.caller; // as if emitted by that service (the EVENT's caller)
			for (let i = 0; i < count; i++) {
				const data = count > 1 ? Object.assign({ seq: i }, cmd.data) : cmd.data;
				await broker.emit(cmd.event, data, opts);
				// emit() settles at once on most transporters, so without a macrotask break the whole
				// burst runs before any timer or socket read: heartbeats stop and the others drop us.
				if (i % 20 === 19) await new Promise(setImmediate);
			}
			return { sent: count };
		},
		async broadcast(cmd) {
			const opts = {};
			if (cmd.groups) opts.groups = cmd.groups;
			if (cmd.meta) opts.meta = cmd.meta;
			if (cmd.caller) opts.caller = cmd.caller;
			await broker.broadcast(cmd.event, cmd.data, opts);
			return { sent: 1 };
		},
		async received(cmd) {
			let snap = recorder.snapshot(cmd.event);
			if (cmd.compact) {
				const out = {};
				for (const key of Object.keys(snap)) {
					out[key] = snap[key].map(r => {
						const d = r.data || {};
						return [d.from === undefined ? null : d.from, d.seq === undefined ? null : d.seq, d.id === undefined ? null : d.id];
					});
				}
				snap = out;
			}
			if (cmd.clear) recorder.clear();
			return snap;
		},
		async clear() {
			recorder.clear();
			return null;
		},
		async ping(cmd) {
			return broker.ping(cmd.nodeID, cmd.timeout || 2000);
		},
		// Our own registry's view: with preferLocal off, a plain call may be answered by another node.
		async nodes() {
			return broker.call("$node.list", { withServices: false }, { nodeID: broker.nodeID });
		},
		async services() {
			return broker.call(
				"$node.services",
				{ withActions: true, withEvents: true },
				{ nodeID: broker.nodeID }
			);
		},
		async waitForServices(cmd) {
			await broker.waitForServices(cmd.services, cmd.timeout || 10000, 100);
			return null;
		},
		async waitForNodes(cmd) {
			const deadline = Date.now() + (cmd.timeout || 10000);
			const missing = () => cmd.nodes.filter(id => !isAvailable(broker, id));
			while (missing().length > 0) {
				if (Date.now() > deadline) throw new Error(`nodes not available: ${missing().join(", ")}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			return null;
		},
		async node(cmd) {
			const node = broker.registry.nodes.get(cmd.nodeID);
			return { known: !!node, available: !!(node && node.available) };
		},
		async hasAction(cmd) {
			const list = broker.registry.getActionEndpoints(cmd.action);
			return !!(list && list.hasAvailable());
		},
		async decode(cmd) {
			return broker.serializer.deserialize(Buffer.from(cmd.bytes, "base64"), cmd.type);
		},
		async stop() {
			setImmediate(() => broker.stop().finally(() => process.exit(0)));
			return null;
		}
	};
	return {
		run(cmd) {
			const h = handlers[cmd.cmd];
			if (!h) return Promise.reject(new Error(`unknown command '${cmd.cmd}'`));
			return h(cmd);
		}
	};
}

module.exports = { createCommands, plainError };

"use strict";

/*
 * The services a Node peer offers to the interop tests. Names start with `node-` so a test always
 * knows which side served a call; `shared` is also registered by a Java node (load balancing).
 */

const { Errors } = require("moleculer");
const { patternStream, digest } = require("./bytes");

/** A Moleculer error with its own class name, to check that `name` crosses the wire. */
class InteropError extends Errors.MoleculerError {}
class InteropRetryableError extends Errors.MoleculerRetryableError {}

const MAX_RECORDS_PER_KEY = 10000;

/** Remembers every event a handler received, keyed by `<group>|<event>`. */
class Recorder {
	constructor() {
		this.records = new Map();
	}

	record(group, ctx) {
		const key = `${group}|${ctx.eventName}`;
		let list = this.records.get(key);
		if (!list) {
			list = [];
			this.records.set(key, list);
		}
		if (list.length >= MAX_RECORDS_PER_KEY) return;
		list.push({
			event: ctx.eventName,
			group,
			data: ctx.params,
			groups: ctx.eventGroups || null,
			type: ctx.eventType,
			sender: ctx.nodeID,
			meta: ctx.meta
		});
	}

	snapshot(filter) {
		const out = {};
		for (const [key, list] of this.records) {
			if (filter && !key.endsWith(`|${filter}`)) continue;
			out[key] = list;
		}
		return out;
	}

	clear() {
		this.records.clear();
	}
}

function delay(ms) {
	return new Promise(resolve => setTimeout(resolve, ms));
}

function mathService() {
	return {
		name: "node-math",
		actions: {
			add: {
				params: { a: "number", b: "number" },
				handler(ctx) {
					return ctx.params.a + ctx.params.b;
				}
			},
			/** Returns what it received; adds to meta so the caller can see meta come back. */
			echo(ctx) {
				ctx.meta.echoedBy = this.broker.nodeID;
				return {
					params: ctx.params === undefined ? null : ctx.params,
					meta: ctx.meta,
					caller: ctx.caller || null,
					callerNodeID: ctx.nodeID || null,
					level: ctx.level,
					requestID: ctx.requestID || null,
					timeout: ctx.options && ctx.options.timeout !== undefined ? ctx.options.timeout : null
				};
			},
			async slow(ctx) {
				const ms = (ctx.params && ctx.params.ms) || 2000;
				await delay(ms);
				return { slept: ms, by: this.broker.nodeID };
			},
			/** Throws the error described by params: {message, code, type, data, retryable, custom}. */
			fail(ctx) {
				const p = ctx.params || {};
				const Cls = p.retryable ? InteropRetryableError : InteropError;
				throw new Cls(p.message || "node failure", p.code, p.type, p.data);
			},
			validated: {
				params: {
					name: { type: "string", min: 3 },
					age: { type: "number", integer: true, positive: true }
				},
				handler(ctx) {
					return `${ctx.params.name} is ${ctx.params.age}`;
				}
			},
			/**
			 * Calls onward (usually a Java action) and returns {data, meta} or {error}. params:
			 * {action, params, meta, timeout, nodeID}.
			 */
			async relay(ctx) {
				const p = ctx.params;
				const opts = {};
				if (p.meta) Object.assign(ctx.meta, p.meta);
				if (p.timeout != null) opts.timeout = p.timeout;
				if (p.nodeID) opts.nodeID = p.nodeID;
				const started = Date.now();
				try {
					const data = await ctx.call(p.action, p.params, opts);
					return { ok: true, data: data === undefined ? null : data, meta: ctx.meta, elapsed: Date.now() - started };
				} catch (err) {
					return {
						ok: false,
						error: require("./commands").plainError(err),
						meta: ctx.meta,
						elapsed: Date.now() - started
					};
				}
			},
			whoami(ctx) {
				return this.broker.nodeID;
			}
		}
	};
}

function versionedService() {
	return {
		name: "node-svc",
		version: 2,
		actions: {
			hello(ctx) {
				return `Hello ${(ctx.params && ctx.params.name) || "anonymous"} from v2 on ${this.broker.nodeID}`;
			}
		}
	};
}

function eventServices(recorder) {
	const handler = group =>
		function (ctx) {
			recorder.record(group, ctx);
		};
	return [
		{
			name: "node-events",
			events: {
				"interop.balanced": { group: "mix", handler: handler("mix") },
				"interop.broadcast": { handler: handler("node-events") }
			}
		},
		{
			name: "node-audit",
			events: {
				"interop.balanced": { handler: handler("node-audit") },
				"interop.broadcast": { handler: handler("node-audit") }
			}
		}
	];
}

function sharedService() {
	return {
		name: "shared",
		actions: {
			whoami(ctx) {
				return this.broker.nodeID;
			},
			// answers its node ID after `ms` milliseconds (a worker to kill mid-handler); the @@HOLDING line
			// tells the test the handler has the request, so it may kill the node now
			slow(ctx) {
				process.stdout.write(`@@HOLDING ${JSON.stringify({ action: "shared.slow" })}\n`);
				return new Promise(resolve => setTimeout(() => resolve(this.broker.nodeID), ctx.params.ms));
			}
		}
	};
}

/**
 * Byte streams, Moleculer 0.15 style: `sha256` reads `ctx.stream` (sent with `call(.., {stream})`) and
 * answers its digest; `generate` answers a Readable of pattern bytes (bytes.js), failing midway with a
 * `GENERATOR_FAILED` error when `failAt` is given.
 */
function streamService() {
	return {
		name: "node-stream",
		actions: {
			async sha256(ctx) {
				if (!ctx.stream) throw new InteropError("no stream was sent", 400, "NO_STREAM");
				const d = await digest(ctx.stream);
				return { ...d, params: ctx.params === undefined ? null : ctx.params };
			},
			generate(ctx) {
				const p = ctx.params || {};
				return patternStream(
					p.size,
					p.seed,
					p.failAt,
					at => new InteropError(`generator failed after ${at} bytes`, 500, "GENERATOR_FAILED", { at })
				);
			}
		}
	};
}

function createServices(sets, recorder) {
	const all = sets.includes("all");
	const out = [];
	if (all || sets.includes("math")) out.push(mathService());
	if (all || sets.includes("v2")) out.push(versionedService());
	if (all || sets.includes("events")) out.push(...eventServices(recorder));
	if (all || sets.includes("shared")) out.push(sharedService());
	if (all || sets.includes("stream")) out.push(streamService());
	return out;
}

module.exports = { createServices, Recorder, InteropError };

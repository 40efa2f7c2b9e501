"use strict";

/*
 * Deterministic byte streams for the stream scenarios, the same on both sides: byte i of the pattern
 * (size, seed) is the low byte of the i-th step of a 32-bit xorshift generator started at `seed`.
 * `PatternBytes.java` computes the identical sequence, so each side can check by SHA-256 what the other
 * sent without the bytes themselves ever being compared in a test process.
 */

const crypto = require("crypto");
const { Readable } = require("stream");

const PIECE = 64 * 1024;

/** The generator state for a seed (0 is a fixed point of xorshift, so it is replaced). */
function start(seed) {
	return seed | 0 || 0x2545f491;
}

function fill(buf, state) {
	let s = state;
	for (let i = 0; i < buf.length; i++) {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		buf[i] = s & 0xff;
	}
	return s;
}

/**
 * A Readable of `size` pattern bytes in 64 KiB pieces; with `failAt`, it fails with `makeError()` once
 * `failAt` bytes have been read.
 */
function patternStream(size, seed, failAt, makeError) {
	let state = start(seed);
	let sent = 0;
	const limit = failAt == null ? size : Math.min(size, failAt);
	return new Readable({
		read() {
			if (sent >= limit) {
				if (failAt != null && failAt < size) this.destroy(makeError(sent));
				else this.push(null);
				return;
			}
			const buf = Buffer.allocUnsafe(Math.min(PIECE, limit - sent));
			state = fill(buf, state);
			sent += buf.length;
			this.push(buf);
		}
	});
}

function patternSha256(size, seed) {
	const hash = crypto.createHash("sha256");
	let state = start(seed);
	for (let done = 0; done < size; ) {
		const buf = Buffer.allocUnsafe(Math.min(PIECE, size - done));
		state = fill(buf, state);
		hash.update(buf);
		done += buf.length;
	}
	return hash.digest("hex");
}

/** Reads a stream to its end: {sha256, bytes}; a stream error rejects with that error (bytes read so far in `err.bytesRead`). */
async function digest(stream) {
	const hash = crypto.createHash("sha256");
	let bytes = 0;
	try {
		for await (const chunk of stream) {
			hash.update(chunk);
			bytes += chunk.length;
		}
	} catch (err) {
		if (err && typeof err === "object") err.bytesRead = bytes;
		throw err;
	}
	return { sha256: hash.digest("hex"), bytes };
}

module.exports = { patternStream, patternSha256, digest };

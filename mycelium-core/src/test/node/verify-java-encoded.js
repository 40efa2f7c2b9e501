// Decodes what Mycelium encoded (written by SerializerNodeExportTest into target/java-encoded) with
// Moleculer's own serializers, and checks it against the golden packets Moleculer sent:
//   node verify-java-encoded.js ../../../target/java-encoded ../resources/golden
// Exits non-zero on the first difference.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert");
const Serializers = require("moleculer").Serializers;

const [encodedDir, goldenDir] = process.argv.slice(2).map(p => path.resolve(p));
const SERIALIZERS = { json: "JSON", msgpack: "MsgPack", cbor: "CBOR" };

// Node Buffers (and the Uint8Arrays cbor-x may return) compare by content.
const normalize = value => {
	if (value instanceof Uint8Array) return { bytes: Array.from(value) };
	if (value && value.type === "Buffer" && Array.isArray(value.data)) return { bytes: value.data };
	if (typeof value === "bigint") throw new Error("BigInt in decoded packet: " + value);
	if (Array.isArray(value)) return value.map(normalize);
	if (value && typeof value === "object") {
		const out = {};
		for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalize(v);
		return out;
	}
	return value;
};

let checked = 0;
for (const [name, type] of Object.entries(SERIALIZERS)) {
	const serializer = Serializers.resolve(type);
	serializer.init({});
	const dir = path.join(encodedDir, name);
	for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".bin"))) {
		const decoded = normalize(serializer.deserialize(fs.readFileSync(path.join(dir, file))));
		assert.strictEqual(decoded.ver, "5", `${name}/${file}: ver`);
		const golden = path.join(goldenDir, name, file);
		if (fs.existsSync(golden)) {
			const expected = normalize(serializer.deserialize(fs.readFileSync(golden)));
			assert.deepStrictEqual(decoded, expected, `${name}/${file}`);
		}
		checked++;
	}
}
// The same Java packet must look the same to Moleculer whichever serializer carried it.
for (const file of fs.readdirSync(path.join(encodedDir, "json")).filter(f => f.startsWith("java-"))) {
	const views = Object.entries(SERIALIZERS).map(([name, type]) => {
		const s = Serializers.resolve(type);
		s.init({});
		return normalize(s.deserialize(fs.readFileSync(path.join(encodedDir, name, file))));
	});
	assert.deepStrictEqual(views[1], views[0], `msgpack vs json: ${file}`);
	assert.deepStrictEqual(views[2], views[0], `cbor vs json: ${file}`);
}
console.log(`verified ${checked} Mycelium-encoded packets with Moleculer's serializers`);

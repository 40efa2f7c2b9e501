"use strict";

/*
 * A middleware that prints every packet this node sends or receives, as the transporter sees it
 * (after serialization, before framing): `@@WIRE {"dir":"out","topic":..,"bytes":<base64>,"packet":..}`.
 * Used to record real Moleculer traffic and to check PROTOCOL.md; enable with MOL_WIRETAP=true.
 */

function wireTap(emit) {
	let serializer = null;
	const decode = (data, type) => {
		try {
			return serializer ? serializer.deserialize(Buffer.from(data), type) : null;
		} catch (err) {
			return { undecodable: err.message };
		}
	};
	return {
		name: "WireTap",
		created(broker) {
			serializer = broker.serializer;
		},
		transporterSend(next) {
			return (topic, data, meta) => {
				const type = meta && meta.packet ? meta.packet.type : null;
				emit("WIRE", {
					dir: "out",
					topic,
					type,
					target: meta && meta.packet ? meta.packet.target || null : null,
					bytes: Buffer.from(data).toString("base64"),
					packet: decode(data, type)
				});
				return next(topic, data, meta);
			};
		},
		transporterReceive(next) {
			return (cmd, data, s) => {
				emit("WIRE", {
					dir: "in",
					type: cmd,
					bytes: data ? Buffer.from(data).toString("base64") : null,
					packet: data ? decode(data, cmd) : null
				});
				return next(cmd, data, s);
			};
		}
	};
}

module.exports = { wireTap };

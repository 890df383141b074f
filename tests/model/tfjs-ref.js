// tfjs-ref.js: the TensorFlow.js side of tests/model/nsfw-mobilenetv2.test: loads nsfwjs's
// MobileNetV2 from its own JavaScript module files (as nsfwjs does: model.json literal + base64
// weights) with @tensorflow/tfjs-layers on the pure-JS CPU backend, and prints the model's five
// probabilities for each pixel file (float32 little-endian, height x width x RGB, in [0,1]).
// usage: node tfjs-ref.js MODEL_DIR FILE.f32...   (node_modules found from the working directory)
'use strict';
const path = require('path');
const fs = require('fs');
const req = (m) => require(require.resolve(m, { paths: [process.cwd()] }));
const tf = req('@tensorflow/tfjs-core');
req('@tensorflow/tfjs-backend-cpu');
const tfl = req('@tensorflow/tfjs-layers');

async function main() {
	const [dir, ...files] = process.argv.slice(2);
	const topology = require(path.resolve(dir, 'model.min.js'));
	const shard = Buffer.from(require(path.resolve(dir, 'group1-shard1of1.min.js')), 'base64');
	await tf.setBackend('cpu');
	const model = await tfl.loadLayersModel({
		load: async () => ({
			modelTopology: topology.modelTopology,
			weightSpecs: topology.weightsManifest[0].weights,
			weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.length),
		}),
	});
	const [, h, w, c] = model.inputs[0].shape;
	for (const f of files) {
		const bytes = fs.readFileSync(f);
		if (bytes.length !== h * w * c * 4)
			throw new Error(`${f}: ${bytes.length} bytes, expected ${h}x${w}x${c} float32`);
		const pixels = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
		const x = tf.tensor4d(pixels, [1, h, w, c]);
		const y = model.predict(x);
		const p = Array.from(y.dataSync());
		console.log(`probs ${path.basename(f, '.f32')} ${p.map((v) => v.toFixed(9)).join(' ')}`);
		tf.dispose([x, y]);
	}
}

main().catch((e) => {
	console.error(`tfjs-ref: ${e.stack || e}`);
	process.exit(1);
});

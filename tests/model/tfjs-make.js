// tfjs-make.js: writes small TensorFlow.js layers models that exercise every mapping of
// uni-model (tests/model/uni-model.test), with seeded random weights, in the four weight
// encodings (float32; uint8, uint16 with min/scale; float16), plus an input and the outputs
// TensorFlow.js computes after loading each written model back. Also writes models that
// uni-model must refuse.
// usage: node tfjs-make.js OUTDIR   (node_modules found from the working directory)
'use strict';
const path = require('path');
const fs = require('fs');
const req = (m) => require(require.resolve(m, { paths: [process.cwd()] }));
const tf = req('@tensorflow/tfjs-core');
req('@tensorflow/tfjs-backend-cpu');
const tfl = req('@tensorflow/tfjs-layers');
const L = tfl.layers;

let seed = 1;
const init = (lo, hi) => tfl.initializers.randomUniform({ minval: lo, maxval: hi, seed: seed++ });
const w = () => ({ kernelInitializer: init(-0.5, 0.5), biasInitializer: init(-0.2, 0.2) });
const bn = () => L.batchNormalization({
	epsilon: 0.001 * seed, gammaInitializer: init(0.5, 1.5), betaInitializer: init(-0.3, 0.3),
	movingMeanInitializer: init(-0.2, 0.2), movingVarianceInitializer: init(0.3, 2),
});

// Functional: asymmetric "same" padding, ZeroPadding2D, depthwise, batch norm folded and alone,
// relu6, leaky, sigmoid, elu, max pooling, Add, Concatenate, Dense on a feature map and after
// Flatten, Dropout, softmax.
function kitchen() {
	const x = tfl.input({ shape: [18, 18, 3] });
	let a = L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', ...w() }).apply(x);
	a = L.reLU({ maxValue: 6 }).apply(bn().apply(a));
	let b = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', depthwiseInitializer: init(-0.5, 0.5),
		biasInitializer: init(-0.2, 0.2) }).apply(a);
	b = L.leakyReLU({ alpha: 0.1 }).apply(bn().apply(b));
	let c = L.zeroPadding2d({ padding: [[1, 2], [1, 2]] }).apply(b);
	c = L.conv2d({ filters: 12, kernelSize: 3, padding: 'valid', activation: 'relu', ...w() }).apply(c);
	const d = L.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(c);
	const e = L.conv2d({ filters: 12, kernelSize: 5, strides: 2, padding: 'same', ...w() }).apply(c);
	let f = L.activation({ activation: 'sigmoid' }).apply(L.add().apply([d, e]));
	const g = L.conv2d({ filters: 6, kernelSize: 1, ...w() }).apply(f);
	let h = L.dense({ units: 6, activation: 'relu', ...w() }).apply(L.concatenate().apply([f, g]));
	h = bn().apply(h);
	let k = L.dense({ units: 10, ...w() }).apply(L.flatten().apply(h));
	k = L.activation({ activation: 'elu' }).apply(bn().apply(L.dropout({ rate: 0.3 }).apply(k)));
	const out = L.dense({ units: 4, activation: 'softmax', ...w() }).apply(k);
	return tfl.model({ inputs: x, outputs: out });
}

// Sequential, non-square input: valid max pooling, global average pooling, Reshape to and
// from 1x1, Dense on a 1x1 map, a Softmax layer.
function sequential() {
	const m = tfl.sequential();
	m.add(L.conv2d({ inputShape: [12, 10, 3], filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', ...w() }));
	m.add(L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'valid' }));
	m.add(L.globalAveragePooling2d({}));
	m.add(L.reshape({ targetShape: [1, 1, 5] }));
	m.add(L.dense({ units: 3, ...w() }));
	m.add(L.reshape({ targetShape: [3] }));
	m.add(L.softmax());
	return m;
}

function refusedDilation() {
	const m = tfl.sequential();
	m.add(L.conv2d({ name: 'dilated', inputShape: [8, 8, 3], filters: 2, kernelSize: 3, dilationRate: 2 }));
	return m;
}

function refusedUpsampling() {
	const m = tfl.sequential();
	m.add(L.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 1 }));
	m.add(L.upSampling2d({ name: 'grow', size: [2, 2] }));
	return m;
}

// float32 to IEEE half (round to nearest even), for the float16 encoding.
function toHalf(v) {
	const f = new Float32Array([v]), u = new Uint32Array(f.buffer)[0];
	const sign = (u >>> 16) & 0x8000, exp = ((u >>> 23) & 0xff) - 127 + 15;
	let man = u & 0x7fffff;
	if (exp <= 0) {
		if (exp < -10) return sign;
		man |= 0x800000;
		const shift = 14 - exp, half = 1 << (shift - 1), rest = man & ((1 << shift) - 1);
		let h = man >>> shift;
		if (rest > half || (rest === half && (h & 1))) h++;
		return sign | h;
	}
	if (exp >= 31) return sign | 0x7c00;
	let h = (exp << 10) | (man >>> 13);
	const rest = man & 0x1fff;
	if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++;
	return sign | h;
}

// The weights of specs/data re-encoded as dtype: [specs, ArrayBuffer].
function encode(specs, data, dtype) {
	if (dtype === 'float32') return [specs, data];
	const parts = [], out = [];
	let off = 0;
	for (const s of specs) {
		const n = s.shape.reduce((a, b) => a * b, 1);
		const v = new Float32Array(data.slice(off, off + 4 * n));
		off += 4 * n;
		if (dtype === 'float16') {
			parts.push(new Uint16Array(Array.from(v, toHalf)).buffer);
			out.push({ ...s, quantization: { dtype } });
			continue;
		}
		const levels = dtype === 'uint8' ? 255 : 65535;
		let min = Math.min(...v), max = Math.max(...v);
		if (max === min) max = min + 1;
		const scale = (max - min) / levels;
		const q = Array.from(v, (x) => Math.round((x - min) / scale));
		parts.push((dtype === 'uint8' ? new Uint8Array(q) : new Uint16Array(q)).buffer);
		out.push({ ...s, quantization: { dtype, min, scale } });
	}
	return [out, tf.io.concatenateArrayBuffers(parts)];
}

async function artifacts(model) {
	let saved;
	await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: {} }; }));
	const data = Array.isArray(saved.weightData) ? tf.io.concatenateArrayBuffers(saved.weightData) : saved.weightData;
	return [saved.modelTopology, saved.weightSpecs, data];
}

// Writes DIR/NAME/model.json + weights.bin.
function write(dir, name, topology, specs, data) {
	const d = path.join(dir, name);
	fs.mkdirSync(d, { recursive: true });
	const json = { format: 'layers-model', generatedBy: 'tests/model/tfjs-make.js', convertedBy: null,
		modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] };
	fs.writeFileSync(path.join(d, 'model.json'), JSON.stringify(json));
	fs.writeFileSync(path.join(d, 'weights.bin'), Buffer.from(data));
	return d;
}

async function main() {
	const dir = process.argv[2];
	await tf.setBackend('cpu');
	for (const [name, make] of [['kitchen', kitchen], ['sequential', sequential]]) {
		const [topology, specs, data] = await artifacts(make());
		for (const dtype of ['float32', 'uint8', 'uint16', 'float16']) {
			const [s, d] = encode(specs, data, dtype);
			const where = write(dir, `${name}-${dtype}`, topology, s, d);
			// The reference: the written model loaded back, on a fixed pseudo-random input.
			const model = await tfl.loadLayersModel({ load: async () => ({ modelTopology: topology, weightSpecs: s, weightData: d }) });
			const shape = model.inputs[0].shape.slice(1), n = shape.reduce((a, b) => a * b, 1);
			let r = 12345;
			const input = Float32Array.from({ length: n }, () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648));
			fs.writeFileSync(path.join(where, 'input.f32'), Buffer.from(input.buffer));
			const y = model.predict(tf.tensor(input, [1, ...shape]));
			fs.writeFileSync(path.join(where, 'expected.txt'), Array.from(y.dataSync(), (v) => v.toPrecision(9)).join('\n') + '\n');
		}
	}
	for (const [name, make] of [['refused-dilation', refusedDilation], ['refused-upsampling', refusedUpsampling]]) {
		const [topology, specs, data] = await artifacts(make());
		write(dir, name, topology, specs, data);
	}
}

main().catch((e) => {
	console.error(`tfjs-make: ${e.stack || e}`);
	process.exit(1);
});

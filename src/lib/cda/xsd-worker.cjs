// A resident xmllint-wasm worker. xmllint-wasm's own validateXML starts a new worker thread and compiles the
// 0.8 MB wasm module on every call (~0.25 s of CPU, most of a batch's XSD cost); this worker compiles the
// module once and instantiates it afresh (new memory, new in-memory file system) for each run, so a run
// costs only the schema compile and the validation itself. Each run is still a separate xmllint process
// image: nothing of one run's state reaches the next.
'use strict';
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const packageDir = dirname(require.resolve('xmllint-wasm/package.json'));
// Loading the Emscripten factory also runs xmllint-wasm's own worker hook, which listens on parentPort only
// for messages tagged 'xmllint-wasm'; ours never carry that tag, so it stays idle.
const createXmllint = require(join(packageDir, 'xmllint-node.js'));
const compiled = new WebAssembly.Module(readFileSync(join(packageDir, 'xmllint.wasm')));

function run(job) {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const finish = (exitCode, text) => {
      if (settled) return;
      settled = true;
      resolve({ exitCode, stderr: text });
    };
    createXmllint({
      inputFiles: job.inputFiles,
      arguments: job.args,
      print() {},
      printErr(text) {
        stderr += `${text}\n`;
      },
      onExit(code) {
        finish(code, stderr);
      },
      onAbort(reason) {
        finish(-1, `WASM Abort: ${reason}`);
      },
      wasmMemory: new WebAssembly.Memory({ initial: job.initialMemory, maximum: job.maxMemory }),
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(compiled, imports).then(
          (instance) => done(instance, compiled),
          (err) => finish(-1, `WASM instantiate failed: ${err}`),
        );
        return {};
      },
    }).catch((err) => finish(-1, `xmllint failed: ${err && err.message ? err.message : err}`));
  });
}

parentPort.on('message', (job) => {
  if (!job || job.arkkiXsd !== true) return;
  run(job).then((result) => {
    // Emscripten's exit sets process.exitCode; this thread lives on, so it must not keep a run's code.
    process.exitCode = 0;
    parentPort.postMessage({ arkkiXsd: true, id: job.id, ...result });
  });
});

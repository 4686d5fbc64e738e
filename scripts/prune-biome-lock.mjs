// The npm registry reachable here lacks Biome's non-Linux platform packages, and `npm ci` refuses a lock
// file naming optional dependencies it cannot find. After `npm install`, this drops the ones the lock
// file holds no package entry for. See README, "Maintenance note".
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const biome = lock.packages['node_modules/@biomejs/biome'];
const optional = biome?.optionalDependencies ?? {};
const missing = Object.keys(optional).filter((name) => !lock.packages[`node_modules/${name}`]);
for (const name of missing) delete optional[name];
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(missing.length ? `removed ${missing.join(', ')}` : 'lock file already fine');

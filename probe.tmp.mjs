import * as OpenCC from 'opencc-js';
import { readFileSync, readdirSync } from 'node:fs';
const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
const twToCn = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hkToCn = OpenCC.Converter({ from: 'hk', to: 'cn' });
const dirs = ['content/first-response','content/home-preparedness','content/hygiene'];
const hits = new Map();
for (const d of dirs) for (const f of readdirSync(d).filter(f=>f.endsWith('.md'))) {
  const lang = f.includes('zh-Hant') ? 'hant' : f.includes('zh-Hans') ? 'hans' : null;
  if (!lang) continue;
  const lines = readFileSync(`${d}/${f}`,'utf8').split('\n');
  lines.forEach((line, i) => {
    const convs = lang==='hant' ? [toTw(line)] : [twToCn(line), hkToCn(line)];
    for (const c of convs) {
      if (c.length !== line.length) { console.log('LEN', f, i+1); continue; }
      for (let k=0;k<line.length;k++) if (c[k]!==line[k]) {
        const key = `${lang} ${line[k]}→${c[k]}`;
        hits.set(key, (hits.get(key)??[]).concat(`${f}:${i+1}`));
      }
    }
  });
}
for (const [k,v] of hits) console.log(k, v.length, v.slice(0,3).join(' '));

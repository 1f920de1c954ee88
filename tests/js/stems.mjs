// Prints, for each line of standard input, the stem search.js gives the folded word: the
// browser's side of the stem agreement test in tests/stems.rs.
import { readFileSync } from 'node:fs';
import { stem, fold } from '../../themes/default/static/search.js';

const words = readFileSync(0, 'utf8').split('\n').filter(Boolean);
process.stdout.write(words.map((word) => stem(fold(word))).join('\n') + '\n');

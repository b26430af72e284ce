// The counted words every view uses live in core, where apply's messages read them too.
export { formatCount, formatPercent, plural } from '../core/words.js';

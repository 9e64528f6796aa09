// The CLI's import path for formatCount, which lives in src/core since the audit's notes need it too.
export { formatCount } from '../core/format-count.js';
